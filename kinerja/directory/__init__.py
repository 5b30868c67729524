"""The organisation directory: pure holder rules and the replica every service mounts."""
