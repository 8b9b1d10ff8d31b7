from dataclasses import dataclass


@dataclass(frozen=True)
class Login:
    email: str
    password: str
    role: str
