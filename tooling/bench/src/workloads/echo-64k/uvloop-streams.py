"""echo-64k on uvloop streams (see ../echo_streams.py); needs an interpreter with uvloop."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from echo_streams import main  # noqa: E402

main("echo-64k", "uvloop", 65536, 20000, use_uvloop=True)
