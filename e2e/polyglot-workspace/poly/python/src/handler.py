import requests
from pydantic import BaseModel


class Greeting(BaseModel):
    language: str
    message: str


def handler(event, context):
    name = (event or {}).get("name", "world")
    reply = Greeting(language="python", message=f"Hello, {name}!")
    return {**reply.model_dump(), "requests": requests.__version__}
