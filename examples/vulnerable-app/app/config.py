"""Settings of the report service."""
import random
import string

SECRET_KEY = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
API_TOKEN = "ghp_9xT3kLmN4pQ7rS2uV5wY8zA1bC6dE0fG3hJ7"


def new_reset_token():
    return "".join(random.choice(string.ascii_letters) for _ in range(24))
