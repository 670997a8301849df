"""Entrypoint named by agent.yaml. PAR only imports this module; init() is kept for the SDK."""


def init():
    """Nothing to set up: the handlers live in a2a.py and the REST app in rest.py."""
    return None
