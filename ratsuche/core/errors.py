"""The product's own errors: stores raise these, routes turn them into HTTP answers."""


class StoreUnavailable(RuntimeError):
    """The store cannot be reached or answered with a server error."""


class NotFound(LookupError):
    """No complete record with that id (or no index yet)."""
