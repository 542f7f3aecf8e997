# SPDX-License-Identifier: Apache-2.0
"""The bdl Python package (docs/python.md). A setup.py and no pyproject.toml:
Debian 12's pip then installs it with `pip install -e python` offline,
through setuptools' develop mode, without fetching a build environment."""
from setuptools import setup

setup(
    name="bdl",
    version="0.1.0",
    description="Compile, run and analyse BDL brain-dynamics models from Python",
    license="Apache-2.0",
    packages=["bdl"],
    python_requires=">=3.9",
    install_requires=["numpy"],
    extras_require={"plot": ["matplotlib"]},
)
