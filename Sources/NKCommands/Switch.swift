// Switch: the value of an option that turns a behaviour on or off.

import ArgumentParser

/// The value of an option that turns something on or off (`--tensorboard on|off`).
enum Switch: String, ExpressibleByArgument, CaseIterable, CustomStringConvertible {
    case on, off
    var description: String { rawValue }
}
