"""python -m par_worker: the same as running par_worker.pyz."""
from par_worker.deferred_ssl import import_asyncio

import_asyncio()  # before anything imports asyncio
from par_worker.server import main

main()
