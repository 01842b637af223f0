"""The parse-and-check cache: a hit gives what a fresh load gives; any edit is a miss."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.build.check import check
from briefgen.catalog import cache
from briefgen.catalog.load import load_catalog
from briefgen.catalog.project import load_project


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(folder))
    return folder


def stored(folder: Path) -> dict[str, int]:
    """Return each entry in the cache folder with its inode.

    A miss parses or checks again and writes its entry anew (a new file renamed into place, so
    a new inode); a hit only reads it. An unchanged listing is a command answered from the cache.
    """
    return {p.name: p.stat().st_ino for p in folder.glob("*.pickle")}


def test_a_second_load_comes_from_the_cache_and_is_the_same(mini, cache_dir):
    catalog, findings = load_catalog(mini)
    assert len(list(cache_dir.glob("catalog-*.pickle"))) == 1
    before = stored(cache_dir)
    again, again_findings = load_catalog(mini)
    assert stored(cache_dir) == before
    assert again == catalog and again_findings == findings
    fact = next(iter(catalog.facts.values()))
    # Places come back too: findings on a cached catalog still point at file:line:col.
    assert again.facts[fact.id].loc == fact.loc
    assert dict(again.facts[fact.id].locs) == dict(fact.locs)
    assert again.facts[fact.id].cite[0].evidence_loc == fact.cite[0].evidence_loc
    assert again.tagged == catalog.tagged


def test_an_edit_to_the_catalog_is_never_answered_from_the_cache(mini, cache_dir):
    load_catalog(mini)
    path = mini / "sources.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nnonsense: 1\n", encoding="utf-8")
    _, findings = load_catalog(mini)
    assert any("unknown section 'nonsense'" in f.message for f in findings)
    assert len(list(cache_dir.glob("catalog-*.pickle"))) == 2


def test_a_changed_snapshot_is_checked_again(mini, cache_dir):
    assert not [f for f in check(load_project(mini)) if f.severity == "error"]
    snapshot = mini / "sources" / "news-a.txt"
    snapshot.write_text(
        snapshot.read_text(encoding="utf-8").replace("3,400", "3,500"), encoding="utf-8"
    )
    errors = [f for f in check(load_project(mini)) if f.severity == "error"]
    assert errors and "evidence is not verbatim in 'sources/news-a.txt'" in errors[0].message
    assert str(errors[0]).startswith("sources.yaml:33:")


def test_the_check_is_the_same_from_the_cache(mini, cache_dir):
    (mini / "sources" / "brief-b.txt").unlink()
    first = check(load_project(mini))
    assert any("does not exist" in f.message for f in first)
    assert list(cache_dir.glob("check-*.pickle"))
    before = stored(cache_dir)
    assert check(load_project(mini)) == first
    assert stored(cache_dir) == before


def test_a_damaged_entry_is_a_miss_and_is_replaced(mini, cache_dir):
    catalog, _ = load_catalog(mini)
    (entry,) = cache_dir.glob("catalog-*.pickle")
    entry.write_bytes(b"not a pickle")
    again, _ = load_catalog(mini)
    assert again == catalog
    assert entry.read_bytes() != b"not a pickle"


def test_an_entry_others_could_have_changed_is_not_trusted(mini, cache_dir):
    load_catalog(mini)
    (entry,) = cache_dir.glob("catalog-*.pickle")
    entry.chmod(0o666)
    shared = stored(cache_dir)
    load_catalog(mini)  # parsed again, and the entry replaced by one only its owner may write
    assert stored(cache_dir).keys() == shared.keys() and stored(cache_dir) != shared
    assert entry.stat().st_mode & 0o777 == 0o600
    before = stored(cache_dir)
    load_catalog(mini)
    assert stored(cache_dir) == before


def test_an_empty_cache_dir_setting_turns_the_cache_off(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() is None
    load_catalog(mini)
    check(load_project(mini))
    assert not (tmp_path / "xdg").exists()


def test_the_user_cache_folder_is_the_default(monkeypatch, tmp_path):
    monkeypatch.delenv("BRIEFGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "briefgen"


def test_a_cache_that_cannot_be_written_is_skipped(mini, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(blocker / "cache"))
    catalog, findings = load_catalog(mini)
    assert catalog.facts and not [f for f in findings if f.severity == "error"]


@pytest.mark.slow
def test_old_entries_are_removed_by_the_next_process_that_stores_one(cache_dir):
    for n in range(cache.MAX_ENTRIES + 5):
        cache.keep(cache.key("test", str(n)), n)
        # Oldest first, as a day of builds would leave them.
        os.utime(cache_dir / f"{cache.key('test', str(n))}.pickle", (n, n))
    assert len(list(cache_dir.glob("*.pickle"))) == cache.MAX_ENTRIES + 5
    # A process trims the folder once, when it first stores an entry: the next command does.
    store = "from briefgen.catalog import cache; cache.keep(cache.key('test', 'last'), 'last')"
    subprocess.run([sys.executable, "-c", store], check=True)
    assert len(list(cache_dir.glob("*.pickle"))) == cache.MAX_ENTRIES
    assert cache.fetch(cache.key("test", "last")) == "last"
    assert cache.fetch(cache.key("test", "0")) is None
    assert cache.fetch(cache.key("test", str(cache.MAX_ENTRIES + 4))) == cache.MAX_ENTRIES + 4


def test_check_prints_the_same_cold_and_warm(mini, cache_dir, cli):
    (mini / "sources" / "brief-b.txt").unlink()
    cold = cli("--root", mini, "check")
    warm = cli("--root", mini, "check")
    assert cold[0] == warm[0] == 1
    assert cold == warm


def test_entries_pack_places_but_the_model_pickles_plainly(mini, cache_dir):
    import pickle

    catalog, _ = load_catalog(mini)
    fact = next(iter(catalog.facts.values()))
    # The model holds plain dicts of places; only the cache's own pickler packs them.
    assert type(fact.locs) is dict
    assert pickle.loads(pickle.dumps(fact)).locs == fact.locs
    stored = pickle.loads(cache.dumps(fact))
    assert isinstance(stored.locs, cache.PackedLocs) and dict(stored.locs) == fact.locs
    assert stored == fact
