"""Contracts' terms kept parsed between requests: parsing a contract file and building
its calendars costs tens of milliseconds, so each stored version (by its sha256) is
parsed once and its calendars built once, for the life of the process."""

from __future__ import annotations

import threading
from collections import OrderedDict

from slaledger.adapters.db.models import Contract
from slaledger.adapters.db.store import Store
from slaledger.bootstrap import contract_calendars
from slaledger.domain.contract.contract import Contract as Terms
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.services.incidents import CalendarFor

#: stored versions kept parsed (least recently used dropped first)
DEFAULT_SIZE = 64


class TermsCache:
    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, str], tuple[LoadedContract, CalendarFor]] = (
            OrderedDict()
        )
        self._calendars: dict[int, CalendarFor] = {}

    def loaded(self, store: Store, contract: Contract) -> LoadedContract:
        """The latest version of the contract, parsed (once per version)."""
        key = store.latest_digest(contract) or ("", contract.key)
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found[0]
        loaded = store.loaded_contract(contract.key)
        calendars = contract_calendars(loaded.contract)
        with self._lock:
            self._entries[key] = (loaded, calendars)
            self._calendars[id(loaded.contract)] = calendars
            while len(self._entries) > self.size:
                _, (old, _) = self._entries.popitem(last=False)
                self._calendars.pop(id(old.contract), None)
        return loaded

    def calendars(self, terms: Terms) -> CalendarFor:
        """The calendars of parsed terms, built on first use and then kept."""
        with self._lock:
            found = self._calendars.get(id(terms))
        return found if found is not None else contract_calendars(terms)
