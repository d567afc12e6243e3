"""Builds a wheel and an sdist of a tiny pure-Python project with the standard library only.

Usage: build-dists.py OUTDIR NAME VERSION [REQUIRES_PYTHON] [--wheel-only]
"""
import base64
import hashlib
import io
import os
import sys
import tarfile
import zipfile

out, name, version = sys.argv[1], sys.argv[2], sys.argv[3]
requires_python = sys.argv[4] if len(sys.argv) > 4 and not sys.argv[4].startswith("--") else None
wheel_only = "--wheel-only" in sys.argv
module = name.lower().replace("-", "_").replace(".", "_")
dist = name.replace("-", "_").replace(".", "_")

metadata_lines = [
    "Metadata-Version: 2.1",
    f"Name: {name}",
    f"Version: {version}",
    f"Summary: The {name} test project",
    "Home-page: http://127.0.0.1/home",
    "License: MIT",
    "Requires-Dist: colorama (>=0.4) ; extra == 'color'",
]
if requires_python:
    metadata_lines.append(f"Requires-Python: {requires_python}")
metadata = "\n".join(metadata_lines) + "\n\nA test project.\n"
code = f"VERSION = {version!r}\n"

os.makedirs(out, exist_ok=True)

# Wheel: module, METADATA, WHEEL and a RECORD with each file's digest.
files = {
    f"{module}/__init__.py": code.encode(),
    f"{dist}-{version}.dist-info/METADATA": metadata.encode(),
    f"{dist}-{version}.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: build-dists\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
record = io.StringIO()
for path, data in files.items():
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    record.write(f"{path},sha256={digest},{len(data)}\n")
record.write(f"{dist}-{version}.dist-info/RECORD,,\n")
files[f"{dist}-{version}.dist-info/RECORD"] = record.getvalue().encode()
wheel = os.path.join(out, f"{dist}-{version}-py3-none-any.whl")
with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
    for path, data in files.items():
        archive.writestr(path, data)
print(wheel)

if not wheel_only:
    sdist_files = {
        "PKG-INFO": metadata.encode(),
        # An in-tree build backend with no requirements: pip prepares the metadata offline.
        "pyproject.toml": (
            '[build-system]\nrequires = []\nbuild-backend = "tiny_backend"\nbackend-path = ["."]\n'
        ).encode(),
        "tiny_backend.py": (
            "import os, shutil\n"
            "def get_requires_for_build_wheel(config_settings=None):\n    return []\n"
            "def prepare_metadata_for_build_wheel(directory, config_settings=None):\n"
            f"    name = '{dist}-{version}.dist-info'\n"
            "    os.makedirs(os.path.join(directory, name))\n"
            "    shutil.copy('PKG-INFO', os.path.join(directory, name, 'METADATA'))\n"
            "    return name\n"
            "def build_wheel(directory, config_settings=None, metadata_directory=None):\n"
            "    raise RuntimeError('only metadata is built here')\n"
        ).encode(),
        f"{module}/__init__.py": code.encode(),
    }
    sdist = os.path.join(out, f"{dist}-{version}.tar.gz")
    with tarfile.open(sdist, "w:gz") as archive:
        for path, data in sdist_files.items():
            info = tarfile.TarInfo(f"{dist}-{version}/{path}")
            info.size = len(data)
            info.mtime = 0
            archive.addfile(info, io.BytesIO(data))
    print(sdist)
