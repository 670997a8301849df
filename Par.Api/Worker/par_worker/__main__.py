"""python -m par_worker: the same as running par_worker.pyz."""
from par_worker.server import main

main()
