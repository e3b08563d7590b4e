"""Plan import, last step: write the changes found, in bulk, with one history row per record
as a save in the admin would leave."""

from collections import defaultdict

from django.utils import timezone
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords

from priorities.plan_files.columns import (
    AIM,
    INITIATIVE,
    MILESTONE,
    MODELS,
    PLAN,
    PRIORITY,
    TARGET,
)
from priorities.plan_files.import_common import (
    BATCH_SIZE,
    M2M_FIELDS,
    chunks,
)
from priorities.plan_files.outcome import CREATE, UNCHANGED, UPDATE
from priorities.revisions import needs_review, propose_edit


class Writing:
    """Part of ``service._PlanImport``: writes ``records`` that are not unchanged."""

    def write(self):
        self.now = timezone.now()
        self.reason = Truncator(f"Imported from {self.filename}").chars(100)
        for record_type in (PLAN, AIM, PRIORITY, INITIATIVE, TARGET, MILESTONE):
            records = [r for r in self.records[record_type] if r.action != UNCHANGED]
            records = [r for r in records if not self.held_for_review(r)]
            if not records:
                continue
            model = MODELS[record_type]
            self.save(model, records)
            for name in M2M_FIELDS.get(record_type, ()):
                self.save_m2m(model, name, [r for r in records if name in r.m2m])
            self.save_history(model, records)

    def held_for_review(self, record) -> bool:
        """Keep a change to a published record for a publisher when the officer's changes must
        wait (``revisions.needs_review``): the file's values become a pending revision, and the
        public goes on seeing the published version."""
        if record.action != UPDATE or not needs_review(record.obj, self.acting_user):
            return False
        m2m = {}
        for name, (wanted, kept) in record.m2m.items():
            m2m[name] = sorted({related.pk for related in wanted if related.pk} | set(kept))
        propose_edit(
            record=record.obj,
            acting_user=self.acting_user,
            fields={
                record.obj._meta.get_field(name).attname: getattr(
                    record.obj, record.obj._meta.get_field(name).attname
                )
                for name in record.fields
            },
            m2m=m2m,
        )
        self.report.held_for_review += 1
        return True

    def save(self, model, records):
        manager = model._default_manager
        created = [r.obj for r in records if r.action == CREATE]
        for obj in created:
            obj.created_at = obj.updated_at = self.now
        manager.bulk_create(created, batch_size=BATCH_SIZE)
        if any(obj.pk is None for obj in created):  # pragma: no cover - needs RETURNING
            raise RuntimeError("The database did not return the new records' keys.")
        updates = defaultdict(list)
        for record in records:
            if record.action == UPDATE:
                record.obj.updated_at = self.now
                updates[tuple(sorted(record.fields))].append(record.obj)
        for fields, objs in updates.items():
            manager.bulk_update(objs, [*fields, "updated_at"], batch_size=BATCH_SIZE)

    def save_m2m(self, model, name, records):
        m2m_field = model._meta.get_field(name)
        through = m2m_field.remote_field.through
        source = f"{m2m_field.m2m_field_name()}_id"
        target = f"{m2m_field.m2m_reverse_field_name()}_id"
        current_links = self.current_m2m.get((model, name), {})
        removed, added = [], []
        for record in records:
            wanted, kept = record.m2m[name]
            wanted_pks = {related.pk for related in wanted} | kept
            current = current_links.get(record.obj.pk, {})
            removed += [through_pk for pk, through_pk in current.items() if pk not in wanted_pks]
            added += [
                through(**{source: record.obj.pk, target: pk})
                for pk in sorted(wanted_pks - set(current))
            ]
        for chunk in chunks(removed):
            through.objects.filter(pk__in=chunk).delete()
        through.objects.bulk_create(added, batch_size=BATCH_SIZE)

    def save_history(self, model, records):
        """Write one history row per record, as a save in the admin would (with its links)."""
        history = model.history
        written = []
        for action in (CREATE, UPDATE):
            objs = [r.obj for r in records if r.action == action]
            if objs:
                written += history.bulk_history_create(
                    objs,
                    batch_size=BATCH_SIZE,
                    update=action == UPDATE,
                    default_user=self.acting_user,
                    default_change_reason=self.reason,
                    default_date=self.now,
                )
        for m2m_field in history.model._history_m2m_fields:
            through = m2m_field.remote_field.through
            source = f"{m2m_field.m2m_field_name()}_id"
            attnames = [f.attname for f in through._meta.fields]
            links = defaultdict(list)
            for chunk in chunks([version.id for version in written]):
                for values in through.objects.filter(**{f"{source}__in": chunk}).values(*attnames):
                    links[values[source]].append(values)
            m2m_history_model = HistoricalRecords.m2m_models[m2m_field]
            m2m_history_model.objects.bulk_create(
                [
                    m2m_history_model(history_id=version.pk, **values)
                    for version in written
                    for values in links[version.id]
                ],
                batch_size=BATCH_SIZE,
            )
