"""Plain dataclasses, enums and pure rules of release management; imports only the stdlib."""
