"""echo-64b on CPython asyncio streams (see ../echo_streams.py)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from echo_streams import main  # noqa: E402

main("echo-64b", "cpython", 64, 200000)
