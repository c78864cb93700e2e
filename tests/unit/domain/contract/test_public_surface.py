"""The contract package's public names."""

from __future__ import annotations

import slaledger.domain.contract as contract
import slaledger.domain.lint as lint


def test_every_public_name_of_the_contract_package_is_importable():
    assert all(hasattr(contract, name) for name in contract.__all__)


def test_every_public_name_of_the_lint_package_is_importable():
    assert all(hasattr(lint, name) for name in lint.__all__)
