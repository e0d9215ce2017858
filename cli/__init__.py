"""The command line, the top layer: it may import every package of the product."""
