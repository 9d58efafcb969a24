"""The referral directory: local services a case can be referred to.

Seeded on a data folder's first open from `store/seed/resources.yaml` (the Peoria-area list in
the unit's domain notes) into `resources.json`, written and encrypted like every other file.
After that the folder's copy is the directory; a changed seed file does not overwrite it.
"""

from pathlib import Path

from store.files.casefile import Tables, insert_row, rows
from store.files.damage import DamageReport, DamageReports, describe, set_aside
from store.files.storage import AtomicJSONStorage, Codec
from store.models.errors import CorruptFile, RecordNotFound
from store.models.resources import Resource

RESOURCES_TABLE = "resources"
SEED_FILE = Path(__file__).parents[1] / "seed" / "resources.yaml"




def read_seed(path: Path = SEED_FILE) -> list[Resource]:
    # Imported here, not at the top: the store's import-time dependencies stay tinydb, pydantic
    # and cryptography (see test_store_layering); YAML is needed once per data folder.
    import yaml

    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(loaded, list):
        raise ValueError(f"{path}: expected a list of resources")
    return [Resource.model_validate(item) for item in loaded]


class ResourceDirectory:
    def __init__(self, path: Path, codec: Codec | None = None, seed: Path = SEED_FILE,
                 reports: DamageReports | None = None) -> None:
        self._storage = AtomicJSONStorage(path, codec=codec)
        try:
            data = self._storage.read()
            self._resources = self._load(data or {})
        except (CorruptFile, ValueError, TypeError, AttributeError) as exc:  # anything but the shape it wrote
            # The directory is the shipped list unless someone changed the file by hand, so the
            # damaged copy is set aside and the shipped list takes its place.
            moved = set_aside(path)
            (reports if reports is not None else DamageReports()).report(DamageReport(
                file=path, what="the referral directory", problem=describe(exc), set_aside_to=moved,
                done="It was set aside and the directory was restored from the list shipped with the app "
                     "(store/seed/resources.yaml); referrals already made keep their resource.",
                todo="If your unit had changed the directory by hand, compare the restored one with the copy "
                     "set aside."))
            data = None
        if data is None:
            data = {}
            for resource in read_seed(seed):
                insert_row(data, RESOURCES_TABLE, resource)
            self._storage.write(data)
            self._resources = self._load(data)

    @staticmethod
    def _load(data: Tables) -> dict[str, Resource]:
        return {resource.id: resource for resource in rows(data, RESOURCES_TABLE, Resource)}

    def all(self, category: str | None = None) -> list[Resource]:
        """Resources by name; only those in `category` when given."""
        found = [r for r in self._resources.values() if category is None or category in r.categories]
        return sorted(found, key=lambda r: r.name.casefold())

    def get(self, resource_id: str) -> Resource:
        try:
            return self._resources[resource_id]
        except KeyError:
            raise RecordNotFound("resource", resource_id) from None
