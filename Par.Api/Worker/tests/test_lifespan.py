"""The ASGI lifespan protocol (par_worker.lifespan)."""
import asyncio
import unittest

from par_worker.common import LoadError
from par_worker.lifespan import Lifespan

from tests.support import within


class LifespanTests(unittest.IsolatedAsyncioTestCase):
    async def test_startup_and_shutdown_reach_the_app_and_state_is_shared(self):
        events = []

        async def app(scope, receive, send):
            assert scope["type"] == "lifespan"
            while True:
                message = await receive()
                events.append(message["type"])
                if message["type"] == "lifespan.startup":
                    scope["state"]["db"] = "open"
                    await send({"type": "lifespan.startup.complete"})
                else:
                    await send({"type": "lifespan.shutdown.complete"})
                    return

        lifespan = Lifespan(app, asyncio.get_running_loop())
        await within(lifespan.startup())
        self.assertEqual({"db": "open"}, lifespan.state)
        await within(lifespan.shutdown(timeout=5))

        self.assertEqual(["lifespan.startup", "lifespan.shutdown"], events)

    async def test_startup_failed_is_a_load_error_with_its_message(self):
        async def app(scope, receive, send):
            await receive()
            await send({"type": "lifespan.startup.failed", "message": "no database"})

        with self.assertRaises(LoadError) as caught:
            await within(Lifespan(app, asyncio.get_running_loop()).startup())
        self.assertEqual("ASGI lifespan startup failed: no database", str(caught.exception))

    async def test_app_without_lifespan_support_is_served_anyway(self):
        async def raises(scope, receive, send):
            assert scope["type"] == "http", "http only"

        async def returns(scope, receive, send):
            return

        for app in (raises, returns):
            with self.subTest(app=app.__name__):
                lifespan = Lifespan(app, asyncio.get_running_loop())
                await within(lifespan.startup())
                await within(lifespan.shutdown(timeout=5))
                self.assertTrue(lifespan.task.done())


if __name__ == "__main__":
    unittest.main()
