"""The worker's own tests: stdlib unittest, run with
python3 -m unittest discover -s Par.Api/Worker/tests -t Par.Api/Worker (scripts/test.sh runs them)."""
