# SPDX-License-Identifier: Apache-2.0
import os
import lit.formats

config.name = "bdlc"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".bdl", ".test"]
config.test_source_root = os.path.join(os.path.dirname(__file__), "lit")
config.test_exec_root = os.path.join(config.bdlc_obj_root, "test", "lit")
config.excludes = ["Inputs"]
config.substitutions.append(("%bdlc", config.bdlc_path))
config.substitutions.append(("%python", config.python))
config.substitutions.append(("%src", config.bdlc_src_root))
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, os.path.dirname(config.bdlc_path), config.environment.get("PATH", "")])
# Diagnostics are compared as plain text.
config.environment["NO_COLOR"] = "1"
config.environment.pop("BDL_PATH", None)

# GPU compilers. Tests that need one declare `REQUIRES: nvcc` or `hipcc` and
# are reported UNSUPPORTED (skipped), not passed, where it is absent.
import shutil
_cuda_bin = "/usr/local/cuda/bin"
if os.path.isdir(_cuda_bin):
    config.environment["PATH"] = os.pathsep.join([config.environment["PATH"], _cuda_bin])
for _tool in ("nvcc", "hipcc"):
    if shutil.which(_tool, path=config.environment["PATH"]):
        config.available_features.add(_tool)
# Distributed runs: `REQUIRES: mpi` needs mpirun and the MPI runtime, which
# the build makes where MPI is installed (openmpi-bin, libopenmpi-dev).
if shutil.which("mpirun", path=config.environment["PATH"]) and \
        os.path.exists(os.path.join(config.bdlc_obj_root, "lib", "libbdlrt_mpi.a")):
    config.available_features.add("mpi")

# Brian2 (python3-brian), for tests that run it beside BDL: `REQUIRES: brian2`
# reports them UNSUPPORTED where it cannot be imported. Found without
# importing it, which takes seconds.
import subprocess
if subprocess.run([config.python, "-c", "import importlib.util, sys; sys.exit(importlib.util.find_spec('brian2') is None)"],
                  capture_output=True).returncode == 0:
    config.available_features.add("brian2")
# PyTorch (python3-torch), the reference the training's gradients are
# checked against: `REQUIRES: torch`.
if subprocess.run([config.python, "-c", "import importlib.util, sys; sys.exit(importlib.util.find_spec('torch') is None)"],
                  capture_output=True).returncode == 0:
    config.available_features.add("torch")
# scikit-learn (python3-sklearn), whose bundled digits the training example
# uses: `REQUIRES: sklearn`.
if subprocess.run([config.python, "-c", "import importlib.util, sys; sys.exit(importlib.util.find_spec('sklearn') is None)"],
                  capture_output=True).returncode == 0:
    config.available_features.add("sklearn")
# AUTO-07p (auto-07p, with gcc and gfortran to build its equations), the
# reference for periodic-orbit continuation: `REQUIRES: auto-07p`.
if os.path.isdir("/usr/lib/auto-07p/lib") and shutil.which("gcc") and shutil.which("gfortran"):
    config.available_features.add("auto-07p")
