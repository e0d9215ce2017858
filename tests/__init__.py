"""Test suite: runs against a real OpenSearch node, real files and the real model."""
