"""Loading the agent (par_worker.loader): exports, a2a factories, ASGI apps, REST entries, entrypoints, and errors."""
import asyncio
import sys
import types
import unittest

from par_worker.common import LoadError
from par_worker.loader import load_agent

from tests.support import Modules


class LoaderCase(unittest.TestCase):
    def setUp(self):
        self.modules = Modules()
        self.loop = asyncio.new_event_loop()

    def tearDown(self):
        self.loop.close()
        self.modules.close()

    def load(self, **spec):
        return load_agent(spec, self.loop)

    def fails(self, **spec):
        with self.assertRaises(LoadError) as caught:
            load_agent(spec, self.loop)
        return caught.exception


class ExportTests(LoaderCase):
    def test_export_handlers_are_loaded_by_dotted_name(self):
        mod = self.modules.write("def run(params):\n    return params\n")

        agent = self.load(exports=[{"name": "go", "handler": mod + ".run"}])

        self.assertEqual(["go"], list(agent.handlers))
        self.assertEqual({"a": 1}, agent.handlers["go"]({"a": 1}))

    def test_missing_module_names_it_and_keeps_the_import_error(self):
        error = self.fails(exports=[{"name": "go", "handler": "no_such_module_xyz.run"}])

        self.assertEqual("export 'go' handler 'no_such_module_xyz.run': importing module 'no_such_module_xyz': "
                         "ModuleNotFoundError: No module named 'no_such_module_xyz'", str(error))
        self.assertIsInstance(error.__cause__, ModuleNotFoundError)

    def test_module_raising_or_exiting_at_import_is_a_load_error(self):
        for source, kind in (("raise RuntimeError('DB_URL is required')\n", RuntimeError), ("import sys\nsys.exit(2)\n", SystemExit)):
            with self.subTest(kind=kind.__name__):
                mod = self.modules.write(source)
                error = self.fails(exports=[{"name": "go", "handler": mod + ".run"}])
                self.assertIn("importing module %r: %s" % (mod, kind.__name__), str(error))
                self.assertIsInstance(error.__cause__, kind)

    def test_missing_attribute_is_named(self):
        mod = self.modules.write("x = 1\n")

        self.assertEqual("export 'go' handler '%s.run': '%s' has no attribute 'run'" % (mod, mod),
                         str(self.fails(exports=[{"name": "go", "handler": mod + ".run"}])))

    def test_handler_that_is_not_callable_is_named(self):
        mod = self.modules.write("run = 42\n")

        self.assertEqual("export 'go' handler '%s.run' is not callable (got int)" % mod,
                         str(self.fails(exports=[{"name": "go", "handler": mod + ".run"}])))

    def test_handler_without_a_dot_or_an_export_without_name_is_an_error(self):
        self.assertIn("must look like 'module.function'", str(self.fails(exports=[{"name": "go", "handler": "nodot"}])))
        self.assertIn("needs both 'name' and 'handler'", str(self.fails(exports=[{"handler": "m.f"}])))


class A2aTests(LoaderCase):
    def a2a(self, source):
        return "%s:create_service" % self.modules.write(source)

    def test_dict_with_custom_handlers_gives_actions_and_replaces_exports(self):
        mod = self.modules.write("def old(p):\n    return 'export'\n")
        ref = self.a2a("def create_service():\n    return {'custom_handlers': {'go': lambda p: 'a2a', 7: print}}\n")

        agent = self.load(exports=[{"name": "go", "handler": mod + ".old"}], a2a=ref)

        self.assertEqual(["go", "7"], list(agent.handlers))
        self.assertEqual("a2a", agent.handlers["go"]({}))

    def test_object_with_custom_handlers_and_async_factory_are_accepted(self):
        ref = self.a2a("class S:\n    custom_handlers = {'go': print}\nasync def create_service():\n    return S()\n")

        self.assertEqual(["go"], list(self.load(a2a=ref).handlers))

    def test_servicer_with_invoke_is_kept(self):
        ref = self.a2a("class S:\n    def Invoke(self, request, context):\n        return 'x'\ndef create_service():\n    return S()\n")

        agent = self.load(a2a=ref)

        self.assertEqual({}, agent.handlers)
        self.assertEqual("S", type(agent.servicer).__name__)

    def test_factory_returning_none_warns_and_has_no_actions(self):
        ref = self.a2a("def create_service():\n    return None\n")

        agent = self.load(a2a=ref)

        self.assertEqual(({}, None), (agent.handlers, agent.servicer))
        self.assertEqual(["a2a factory %r returned None, which has no 'custom_handlers' and no 'Invoke': "
                          "the agent has no A2A actions" % ref], agent.warnings)

    def test_factory_returning_a_plain_object_warns(self):
        ref = self.a2a("class Thing:\n    def __repr__(self):\n        return 'Thing()'\ndef create_service():\n    return Thing()\n")

        self.assertIn("returned Thing() (Thing)", self.load(a2a=ref).warnings[0])

    def test_factory_returning_a_value_is_an_error(self):
        for value, text in (("42", "returned 42 (int)"), ("'text'", "returned 'text' (str)"), ("[1]", "returned [1] (list)")):
            with self.subTest(value=value):
                ref = self.a2a("def create_service():\n    return %s\n" % value)
                error = self.fails(a2a=ref)
                self.assertIn("a2a factory %r %s; expected a dict or object with 'custom_handlers'" % (ref, text), str(error))

    def test_custom_handlers_of_the_wrong_type_or_not_callable_are_errors(self):
        ref = self.a2a("def create_service():\n    return {'custom_handlers': ['go']}\n")
        self.assertIn("returned 'custom_handlers' of type list", str(self.fails(a2a=ref)))
        ref = self.a2a("def create_service():\n    return {'custom_handlers': {'go': 'nope'}}\n")
        self.assertEqual("a2a handler 'go' is not callable (got str)", str(self.fails(a2a=ref)))

    def test_factory_raising_keeps_its_exception(self):
        ref = self.a2a("def create_service():\n    return 1 / 0\n")

        error = self.fails(a2a=ref)

        self.assertEqual("a2a factory %r: ZeroDivisionError: division by zero" % ref, str(error))
        self.assertIsInstance(error.__cause__, ZeroDivisionError)

    def test_factory_that_is_not_callable_is_an_error(self):
        ref = "%s:create_service" % self.modules.write("create_service = 3\n")

        self.assertEqual("a2a factory %r is not callable (got int)" % ref, str(self.fails(a2a=ref)))

    def test_ref_without_a_colon_is_an_error(self):
        self.assertEqual("a2a 'mod.create' must look like 'module:attribute'", str(self.fails(a2a="mod.create")))

    def test_a2a_naming_an_asgi_server_serves_its_app(self):
        mod = self.modules.write("async def app(scope, receive, send):\n    pass\n"
                                 "class AgentServer:\n    def __init__(self):\n        self.app = app\n"
                                 "server = AgentServer()\n")

        agent = self.load(a2a=mod + ":server")

        self.assertIs(sys.modules[mod].app, agent.app)
        self.assertEqual({}, agent.handlers)
        self.assertIn("names an ASGI server, not a handler factory", agent.warnings[0])


class AsgiAndRestTests(LoaderCase):
    def test_asgi_app_callable_or_object_with_app(self):
        mod = self.modules.write("async def app(scope, receive, send):\n    pass\n"
                                 "class Server:\n    pass\nserver = Server()\nserver.app = app\n")

        direct, wrapped = self.load(asgi=mod + ":app").app, self.load(asgi=mod + ":server").app

        self.assertIs(sys.modules[mod].app, direct)
        self.assertIs(sys.modules[mod].app, wrapped)

    def test_asgi_that_is_neither_is_an_error(self):
        mod = self.modules.write("app = {'not': 'an app'}\n")

        self.assertEqual("asgi app '%s:app' is not callable and has no callable 'app' attribute (got dict)" % mod,
                         str(self.fails(asgi=mod + ":app")))

    def test_rest_entry_without_fastapi_says_to_install_it(self):
        mod = self.modules.write("def setup(app):\n    pass\n")
        saved = sys.modules.get("fastapi")
        sys.modules["fastapi"] = None  # import fastapi raises ImportError
        try:
            error = self.fails(restEntry=mod + ":setup")
        finally:
            if saved is None:
                sys.modules.pop("fastapi")
            else:
                sys.modules["fastapi"] = saved
        self.assertIn("rest entry '%s:setup' needs fastapi, which is not installed" % mod, str(error))

    def test_rest_entry_gets_a_fastapi_app_and_the_asgi_app_is_mounted_under_it(self):
        class FastAPI:
            def __init__(self):
                self.mounted = []

            def mount(self, path, app):
                self.mounted.append((path, app))

        mod = self.modules.write("seen = []\ndef setup(app):\n    seen.append(app)\n"
                                 "async def other(scope, receive, send):\n    pass\n")
        saved = sys.modules.get("fastapi")
        sys.modules["fastapi"] = types.SimpleNamespace(FastAPI=FastAPI)
        try:
            agent = self.load(asgi=mod + ":other", restEntry=mod + ":setup")
        finally:
            if saved is None:
                sys.modules.pop("fastapi")
            else:
                sys.modules["fastapi"] = saved
        self.assertIs(sys.modules[mod].seen[0], agent.app)
        self.assertEqual([("/", sys.modules[mod].other)], agent.app.mounted)


class EntrypointTests(LoaderCase):
    def test_entrypoint_only_imported_unless_run(self):
        mod = self.modules.write("imported = True\nasync def main():\n    pass\n")

        agent = self.load(entrypoint=mod + ":main")
        run = self.load(entrypoint=mod + ":main", runEntrypoint=True)

        self.assertIsNone(agent.task)
        self.assertTrue(sys.modules[mod].imported)
        self.assertIs(sys.modules[mod].main, run.task)

    def test_entrypoint_task_needing_arguments_is_named(self):
        mod = self.modules.write("def handle(task, context):\n    pass\n")

        self.assertIn("entrypoint '%s:handle' is the package's only surface" % mod,
                      str(self.fails(entrypoint=mod + ":handle", runEntrypoint=True)))
        self.assertIn("(task, context)", str(self.fails(entrypoint=mod + ":handle", runEntrypoint=True)))


if __name__ == "__main__":
    unittest.main()
