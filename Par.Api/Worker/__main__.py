"""The entry of par_worker.pyz (the build zips this file and the par_worker package into it)."""
from par_worker.server import main

main()
