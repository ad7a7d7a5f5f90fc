"""A serving process's heap, settled once its app is made."""

from __future__ import annotations

import gc


def settle_heap() -> None:
    """Move what the process made while starting (the app, its templates, rule
    sets, fonts and translations: objects that live as long as the process)
    out of the cyclic garbage collector's sight. A full collection would
    otherwise walk them all again, a pause of a few hundred milliseconds in
    the middle of whichever request set it off: the tail of the agreement
    list's response times in `igu-admin bench` was made of them. gc.freeze is
    what Python offers a server's workers for this; objects made later are
    collected as before."""
    gc.collect()
    gc.freeze()
