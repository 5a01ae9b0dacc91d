"""The notebook runner's pieces that need no kernel."""

import asyncio
import queue

import pytest

from sustainability_appendix.publish import runner


class Channel:
    """A client channel that hands out the messages it was given, then times out."""

    def __init__(self, messages):
        self.messages = list(messages)

    async def get_msg(self, timeout=None):
        if not self.messages:
            raise queue.Empty
        return self.messages.pop(0)


def message(msg_type, parent, **content):
    return {"msg_type": msg_type, "parent_header": {"msg_id": parent}, "content": content}


class Client:
    """The parts of a kernel client ``ReadyClient.wait_for_ready`` uses, around the real method."""

    wait_for_ready = runner._kernel_client_class().wait_for_ready
    _idle_after = runner._kernel_client_class()._idle_after

    def __init__(self, shell, iopub, alive=True):
        self.shell_channel, self.iopub_channel = Channel(shell), Channel(iopub)
        self.requests, self.handled, self.alive = [], [], alive

    def kernel_info(self):
        self.requests.append(f"request-{len(self.requests) + 1}")
        return self.requests[-1]

    def _handle_kernel_info_reply(self, msg):
        self.handled.append(msg["parent_header"]["msg_id"])

    async def is_alive(self):
        return self.alive


def test_a_kernel_is_ready_once_it_answers_a_request_and_says_it_is_idle_after_it():
    client = Client(
        shell=[message("kernel_info_reply", "an earlier request"), message("kernel_info_reply", "request-2")],
        iopub=[message("iopub_welcome", None), message("status", "request-1", execution_state="idle"),
               message("status", "request-2", execution_state="busy"),
               message("status", "request-2", execution_state="idle"),
               message("stream", "request-2", text="after")])
    asyncio.run(client.wait_for_ready(timeout=5))
    # the stale reply is passed over and the request asked again; ready on the idle status of the
    # request answered, without waiting for IOPub to fall silent (what comes after is left to read)
    assert client.requests == ["request-1", "request-2"] and client.handled == ["request-2"]
    assert [m["msg_type"] for m in client.iopub_channel.messages] == ["stream"]


def test_a_kernel_that_dies_before_answering_is_said_to_have_died():
    client = Client(shell=[], iopub=[], alive=False)
    with pytest.raises(RuntimeError, match="died before replying"):
        asyncio.run(client.wait_for_ready(timeout=5))
