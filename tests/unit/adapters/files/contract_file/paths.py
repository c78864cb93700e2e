"""Where the example contracts, fixtures, goldens and seed texts are."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[5]
EXAMPLES = ROOT / "examples" / "contracts"
FIXTURES = ROOT / "tests" / "fixtures" / "contracts"
GOLDEN = ROOT / "tests" / "golden" / "lint"
SEEDS = ROOT / "examples" / "seeds"

SEED_FILES = {
    "000-ipfolio.yaml": "000_24bf76db9f4602f6.txt",
    "001-saas-annexes.yaml": "001_3c3d00ef24221fba.txt",
    "002-maintenance-us.yaml": "002_3134881d12c60225.txt",
    "003-previsoft.yaml": "003_d54b35f422fb4dba.txt",
    "004-imri.yaml": "004_99a10c8ed3aa2ffa.txt",
}
