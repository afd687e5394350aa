"""cleaner as a datatrove pipeline step: the same cleaning on local, Slurm and Ray executors.

    pip install '.[datatrove]'        # in a checkout of cleaner

    from cleaner.datatrove_step import CleanerStep
    pipeline = [JsonlReader(IN), CleanerStep(exclusion_writer=JsonlWriter(OUT + "/excluded")), JsonlWriter(OUT)]

Each document's text is replaced by the clean text; ``site``, ``captions`` and the record's metadata
(``record_metadata``) go into ``Document.metadata``. A document that cannot be cleaned (bytes no
encoding explains, rules out of time, a line over the limit) is dropped with its reason, to the
exclusion writer when one is attached, and the task goes on. The rules load once per task, in the
worker, from the bundled rules and the folders given (which every worker must be able to read).
"""

from __future__ import annotations

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

from cleaner.engine import Cleaner
from cleaner.linemodel.layer import DEFAULT_DIAL
from cleaner.limits import LimitError
from cleaner.text.normalize import DecodeError


class CleanerStep(BaseFilter):
    name = "🧹 cleaner"

    def __init__(self, rule_dirs: list[str] | tuple[str, ...] = (), profile: str = "conservative",
                 site: str | None = None, kind: str | None = None, url_key: str = "url",
                 exclusion_writer: DiskWriter | None = None, generic: str = DEFAULT_DIAL):
        super().__init__(exclusion_writer)
        self.rule_dirs, self.profile, self.site, self.kind, self.url_key = list(rule_dirs), profile, site, kind, url_key
        self.generic = generic  # the line model's dial, as --generic
        self._cleaner: Cleaner | None = None

    @property
    def cleaner(self) -> Cleaner:
        if self._cleaner is None:  # in the worker, once: the step itself travels to the workers light
            self._cleaner = Cleaner(rule_dirs=self.rule_dirs, profile=self.profile, generic=self.generic)
        return self._cleaner

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_cleaner": None}

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        url = doc.metadata.get(self.url_key)
        try:
            result = self.cleaner.process(doc.text, id=str(doc.id), url=url if isinstance(url, str) else None,
                                          site=self.site, kind=self.kind)
        except (DecodeError, LimitError) as exc:
            self.stat_update("errors")
            return False, str(exc)
        record = result.record
        doc.text = record.text
        doc.metadata["site"] = record.site
        doc.metadata["captions"] = [c.to_dict() for c in record.captions]
        doc.metadata["record_metadata"] = record.metadata
        for rule, n in result.removed_by_rule().items():
            self.stat_update(f"lines removed by {rule}", value=n)
        self.stat_update("captions", value=len(record.captions))
        if result.guarded:
            self.stat_update("guarded")
        for guard in result.guards():  # as cleaner clean --stats counts them, the line model's too
            self.stat_update(f"pages guarded: {guard}")
        return True
