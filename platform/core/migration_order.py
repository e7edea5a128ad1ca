"""The third-party apps' migrations our apps' first migrations run after, so a fresh `migrate` applies them first.

Django re-renders every related model of the migration state on each operation. Our models point at the user
and at Wagtail's pages, so once they are in the state every later Wagtail, allauth or Celery operation re-renders
them too: applied after ours, the third-party migrations cost about 20 CPU-s of `make run`'s migrate, applied
before, about 8 (issue 20). Only the order on a fresh database changes; the schema is the same.

These were the apps' latest migrations in the locked versions when the list was made. Never change an entry: a
database where our first migrations are applied but a newly named third-party migration is not (any database
after a Wagtail or allauth upgrade) would stop with InconsistentMigrationHistory. After an upgrade, the new
third-party migrations simply run after ours on a fresh database: slower, not wrong.
"""

from __future__ import annotations

THIRD_PARTY_FIRST: list[tuple[str, str]] = [
    ("account", "0009_emailaddress_unique_primary_email"),
    ("admin", "0003_logentry_add_action_flag_choices"),
    ("auth", "0012_alter_user_first_name_max_length"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("django_celery_beat", "0019_alter_periodictasks_options"),
    ("django_celery_results", "0014_alter_taskresult_status"),
    ("mfa", "0003_authenticator_type_uniq"),
    ("sessions", "0001_initial"),
    ("simple_translation", "0001_initial"),
    ("sites", "0002_alter_domain_unique"),
    ("socialaccount", "0006_alter_socialaccount_extra_data"),
    ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ("wagtailadmin", "0006_formstate"),
    ("wagtailcore", "0098_apitoken"),
    ("wagtaildocs", "0014_alter_document_file_size"),
    ("wagtailembeds", "0009_embed_cache_until"),
    ("wagtailforms", "0005_alter_formsubmission_form_data"),
    ("wagtailimages", "0027_image_description"),
    ("wagtailredirects", "0008_add_verbose_name_plural"),
    ("wagtailsearch", "0010_add_text_fields"),
    ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
]
