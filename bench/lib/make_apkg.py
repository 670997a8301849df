"""Zips a package directory into an .apkg (agent.yaml at the root): make_apkg.py DIR OUT."""
import os
import sys
import zipfile

source, target = sys.argv[1:3]
os.makedirs(os.path.dirname(target), exist_ok=True)
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, dirs, files in os.walk(source):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, source))
