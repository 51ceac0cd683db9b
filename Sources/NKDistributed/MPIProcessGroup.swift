// MPIProcessGroup: the ranks of MPI_COMM_WORLD as a ProcessGroup (built with the package trait MPI).

#if MPI
    import CMPI
    import Foundation
    import NKCore

    /// `MPI_COMM_WORLD` as a `ProcessGroup`: `MPI_Allgather(v)` and `MPI_Bcast` on floats, doubles and
    /// bytes. MPI is initialised by the first `world()` and finalised at exit; its error handler is
    /// `MPI_ERRORS_RETURN`, so a failed call throws `NeuralKitError(.communication, …)` naming it instead of
    /// aborting inside the library.
    ///
    /// When a rank dies, Open MPI's `mpirun` (and Slurm's `srun`) end the others: the collectives here
    /// do not time out on their own.
    public final class MPIProcessGroup: ProcessGroup {
        public let rank: Int
        public let size: Int
        private let comm: MPI_Comm

        nonisolated(unsafe) private static var shared: MPIProcessGroup?

        private init() throws {
            comm = nk_mpi_comm_world()
            var initialized: Int32 = 0
            MPI_Initialized(&initialized)
            if initialized == 0 {
                guard MPI_Init(nil, nil) == MPI_SUCCESS else { throw NeuralKitError(.communication, "MPI: MPI_Init failed.") }
                atexit { MPIProcessGroup.finish() }
            }
            MPI_Comm_set_errhandler(comm, nk_mpi_errors_return())
            var r: Int32 = 0, s: Int32 = 0
            MPI_Comm_rank(comm, &r)
            MPI_Comm_size(comm, &s)
            (rank, size) = (Int(r), Int(s))
        }

        /// The processes `mpirun` or `srun` started (MPI is initialised on the first call).
        public static func world() throws -> MPIProcessGroup {
            if let shared { return shared }
            let group = try MPIProcessGroup()
            shared = group
            return group
        }

        /// Ends every rank of the run with `code` (`MPI_Abort`): for an error that only this rank saw,
        /// which would otherwise leave the others waiting in a collective.
        public func abort(code: Int32) -> Never {
            usleep(200_000)  // time for mpirun to forward what this rank wrote to standard error
            MPI_Abort(comm, code)
            exit(code)
        }

        private static func finish() {
            var finalized: Int32 = 0
            MPI_Finalized(&finalized)
            if finalized == 0 { MPI_Finalize() }
        }

        public func allGather(_ values: [Float]) throws -> [Float] { try gather(values, nk_mpi_float()) }
        public func allGather(_ values: [Double]) throws -> [Double] { try gather(values, nk_mpi_double()) }

        public func allGather(bytes: [UInt8]) throws -> [[UInt8]] {
            var count = Int32(bytes.count)
            var counts = [Int32](repeating: 0, count: size)
            try check(MPI_Allgather(&count, 1, nk_mpi_int(), &counts, 1, nk_mpi_int(), comm), "MPI_Allgather")
            var offsets = [Int32](repeating: 0, count: size)
            for r in 1..<max(size, 1) { offsets[r] = offsets[r - 1] + counts[r - 1] }
            var all = [UInt8](repeating: 0, count: Int(counts.reduce(0, +)))
            try bytes.withUnsafeBytes { b in
                try check(MPI_Allgatherv(b.baseAddress, count, nk_mpi_byte(), &all, counts, offsets, nk_mpi_byte(), comm), "MPI_Allgatherv")
            }
            return (0..<size).map { Array(all[Int(offsets[$0])..<Int(offsets[$0] + counts[$0])]) }
        }

        public func broadcast(_ values: inout [Float], from root: Int) throws {
            let n = Int32(values.count)
            try check(MPI_Bcast(&values, n, nk_mpi_float(), Int32(root), comm), "MPI_Bcast")
        }

        public func broadcast(bytes: inout [UInt8], from root: Int) throws {
            var count = Int32(bytes.count)
            try check(MPI_Bcast(&count, 1, nk_mpi_int(), Int32(root), comm), "MPI_Bcast")
            if rank != root { bytes = [UInt8](repeating: 0, count: Int(count)) }
            try check(MPI_Bcast(&bytes, count, nk_mpi_byte(), Int32(root), comm), "MPI_Bcast")
        }

        private func gather<T>(_ values: [T], _ type: MPI_Datatype) throws -> [T] {
            let n = values.count
            return try [T](unsafeUninitializedCapacity: n * size) { all, initialized in
                try values.withUnsafeBufferPointer { v in
                    try check(MPI_Allgather(v.baseAddress, Int32(n), type, all.baseAddress, Int32(n), type, comm), "MPI_Allgather")
                }
                initialized = n * size
            }
        }

        private func check(_ code: Int32, _ call: String) throws {
            guard code != MPI_SUCCESS else { return }
            var text = [CChar](repeating: 0, count: Int(MPI_MAX_ERROR_STRING) + 1)
            var length: Int32 = 0
            MPI_Error_string(code, &text, &length)
            let message = String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw NeuralKitError(.communication, "MPI: \(call) failed on rank \(rank) of \(size): \(message).")
        }
    }
#endif
