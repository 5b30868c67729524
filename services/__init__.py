"""Kinerja's services: each a Federation-2 GraphQL subgraph with its own database."""
