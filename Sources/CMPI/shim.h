// The MPI handles Swift cannot import: Open MPI defines MPI_COMM_WORLD, the datatypes and the error
// handlers as macros that take the address of a global, which the Swift importer does not turn into
// constants. Each is returned by a one-line inline function instead.
#ifndef NK_MPI_SHIM_H
#define NK_MPI_SHIM_H

#include <mpi.h>

static inline MPI_Comm nk_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype nk_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype nk_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype nk_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Datatype nk_mpi_int(void) { return MPI_INT; }
static inline MPI_Errhandler nk_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }

#endif
