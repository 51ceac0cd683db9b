// Fast elementwise kernels (tanh, sigmoid, exp) over contiguous buffers.
// (Placeholder body: calls the naive reference until the vectorised kernels land.)

/// Elementwise transcendental functions over whole buffers, `y[i] = f(x[i])`. `x` and `y` may be
/// the same buffer. Accuracy: within about 1e-7 absolute of the exact function for `tanh` and
/// `sigmoid`, 2e-7 relative for `exp` (inputs that overflow give `+inf`, underflow gives 0).
public enum Elementwise {
    public static func tanh(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        NaiveKernels.tanh(x, y)
    }

    public static func sigmoid(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        NaiveKernels.sigmoid(x, y)
    }

    public static func exp(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        NaiveKernels.exp(x, y)
    }
}
