// ProcessWorld: the process group this program was started in (mpirun, srun), or nil when alone.

import Foundation
import NKCore

/// Finds out whether this process is one rank of an MPI launch and, when it is, joins it.
public enum ProcessWorld {
    /// Whether this build can join an MPI launch (it was built with `swift build --traits MPI`).
    public static var isAvailable: Bool {
        #if MPI
            return true
        #else
            return false
        #endif
    }

    /// The number of ranks the launcher says it started, or nil when this process was started on its
    /// own: Open MPI's `mpirun` sets `OMPI_COMM_WORLD_SIZE`; `srun --mpi=pmix` (or pmi2) sets
    /// `PMIX_RANK` (`PMI_RANK`) beside `SLURM_NTASKS` (`PMI_SIZE`).
    public static func launchedSize(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        if let n = environment["OMPI_COMM_WORLD_SIZE"].flatMap(Int.init) { return n }
        guard environment["PMIX_RANK"] != nil || environment["PMI_RANK"] != nil else { return nil }
        return (environment["PMI_SIZE"] ?? environment["SLURM_NTASKS"]).flatMap(Int.init)
    }

    /// The group of the ranks started with this one, or nil for a process started alone (or by a
    /// launcher with a single rank).
    /// - Throws: `.argument` when several ranks were started but this build has no MPI: each would
    ///   train on its own and write the same files.
    public static func join() throws -> (any ProcessGroup)? {
        guard let n = launchedSize(), n > 1 else { return nil }
        #if MPI
            return try MPIProcessGroup.world()
        #else
            throw NeuralKitError.argument(
                "This neuralkit was started as one of \(n) MPI ranks but was built without MPI: build it with 'swift build -c release --traits MPI' (see docs/distributed.md).")
        #endif
    }

    /// Ends every rank after an error that only this one may have seen (MPI_Abort); a plain exit
    /// when there is no MPI.
    public static func abort(_ group: any ProcessGroup, code: Int32) -> Never {
        #if MPI
            if let mpi = group as? MPIProcessGroup { mpi.abort(code: code) }
        #endif
        exit(code)
    }
}
