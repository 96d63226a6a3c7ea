"""Peewee models mirroring the current schema (the DDL lives in migrations)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import (
    AutoField,
    CompositeKey,
    DatabaseProxy,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class ProspectRow(BaseModel):
    id = AutoField()
    name = TextField()
    company = TextField(default="")
    title = TextField(default="")
    emails = TextField(default="[]")  # JSON array of strings
    phones = TextField(default="[]")  # JSON array of strings
    street = TextField(default="")
    city = TextField(default="")
    region = TextField(default="")
    postal_code = TextField(default="")
    country = TextField(default="")
    source = TextField(default="outbound")
    deal_value = DecimalField(null=True, decimal_places=2, auto_round=True)
    preferred_channel = TextField(null=True)
    stage = TextField(default="new")
    lost_reason = TextField(default="")
    notes = TextField(default="")
    cadence = TextField(default="")
    cadence_position = IntegerField(default=0)
    created_at = DateTimeField()
    updated_at = DateTimeField()
    # Kept up to date by the store on every write, for fast lists and search.
    touch_count = IntegerField(default=0)
    last_touch_utc = DateTimeField(null=True)
    next_due_utc = DateTimeField(null=True)
    search_text = TextField(default="")
    uid = TextField(default="")  # stable across export and import (vCard UID)
    closed_at_utc = DateTimeField(null=True)  # when it was last won or lost
    sort_key = TextField(default="")  # the name folded for case and accents
    version = IntegerField(default=0)  # raised by every write to the row

    class Meta:
        table_name = "prospect"


class SettingRow(BaseModel):
    key = TextField(primary_key=True)
    value = TextField(default="")

    class Meta:
        table_name = "setting"


class TagRow(BaseModel):
    id = AutoField()
    name = TextField(unique=True)

    class Meta:
        table_name = "tag"


class ProspectTagRow(BaseModel):
    prospect = ForeignKeyField(ProspectRow, on_delete="CASCADE", column_name="prospect_id")
    tag = ForeignKeyField(TagRow, on_delete="CASCADE", column_name="tag_id")

    class Meta:
        table_name = "prospect_tag"
        primary_key = CompositeKey("prospect", "tag")


class TouchRow(BaseModel):
    id = AutoField()
    prospect = ForeignKeyField(ProspectRow, on_delete="CASCADE", column_name="prospect_id")
    at_utc = DateTimeField()
    channel = TextField()
    direction = TextField(default="out")
    outcome = TextField(null=True)
    summary = TextField(default="")
    notes = TextField(default="")
    created_at = DateTimeField()

    if TYPE_CHECKING:
        prospect_id: int

    class Meta:
        table_name = "touch"


class FollowUpRow(BaseModel):
    id = AutoField()
    prospect = ForeignKeyField(ProspectRow, on_delete="CASCADE", column_name="prospect_id")
    due_local = TextField()  # wall-clock time, YYYY-MM-DDTHH:MM:SS
    due_tz = TextField()  # IANA zone name
    due_utc = DateTimeField()  # derived from the two above, for ordering
    channel = TextField()
    purpose = TextField(default="")
    status = TextField(default="pending")
    snoozed_until_utc = DateTimeField(null=True)
    completed_by = ForeignKeyField(
        TouchRow, null=True, on_delete="SET NULL", column_name="completed_by_id"
    )
    created_at = DateTimeField()
    notified_at_utc = DateTimeField(null=True)

    if TYPE_CHECKING:
        prospect_id: int
        completed_by_id: int | None
        # Columns of the prospect when selected joined with it.
        name: str
        company: str

    class Meta:
        table_name = "follow_up"


class ThankYouRow(BaseModel):
    id = AutoField()
    prospect = ForeignKeyField(ProspectRow, on_delete="CASCADE", column_name="prospect_id")
    touch = ForeignKeyField(TouchRow, null=True, on_delete="SET NULL", column_name="touch_id")
    reason = TextField(default="")
    talking_point = TextField(default="")
    occurred_at = DateTimeField()  # when the meeting (or other reason) happened, UTC
    created_at = DateTimeField()
    sent_at = DateTimeField(null=True)
    sent_touch = ForeignKeyField(
        TouchRow,
        null=True,
        on_delete="SET NULL",
        column_name="sent_touch_id",
        backref="thank_you_sent",
    )
    removed_at = DateTimeField(null=True)

    if TYPE_CHECKING:
        prospect_id: int
        touch_id: int | None
        sent_touch_id: int | None

    class Meta:
        table_name = "thank_you"


class SyncItemRow(BaseModel):
    kind = TextField()  # "todo" (a follow-up) or "contact" (a prospect)
    local_id = IntegerField()  # the follow-up's or prospect's id
    uid = TextField()
    href = TextField(unique=True)  # the item's URL on the server
    etag = TextField(default="")
    local_hash = TextField(default="")  # of the content last uploaded
    remote_hash = TextField(default="")  # of the content last seen on the server

    class Meta:
        table_name = "sync_item"
        primary_key = CompositeKey("kind", "local_id")


ALL_MODELS = (
    ProspectRow,
    TagRow,
    ProspectTagRow,
    TouchRow,
    FollowUpRow,
    ThankYouRow,
    SettingRow,
    SyncItemRow,
)
