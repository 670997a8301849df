"""The entry of par_worker.pyz (the build zips this file and the par_worker package into it).

`python par_worker.pyz --add-bytecode` compiles the zip's modules in place instead (par_worker/bytecode.py).
asyncio is imported with ssl deferred to its first use (par_worker/deferred_ssl.py)."""
import sys

if sys.argv[1:] == ["--add-bytecode"]:
    from par_worker.bytecode import main

    main(sys.argv[0])
else:
    from par_worker.deferred_ssl import import_asyncio

    import_asyncio()  # before anything imports asyncio
    from par_worker.server import main

    main()
