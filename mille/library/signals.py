"""Keep the search index and caches in step with what is live."""

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from mille.core.backup import site_restored
from mille.core.cache import invalidate
from mille.library import search
from mille.library.editorial import EDITORIAL_NAMESPACE
from mille.library.models import LibraryItemPage, Term, TestimonyPage
from mille.library.services import items as item_services
from mille.library.services.items import LIST_NAMESPACE


@receiver(page_published)
def on_published(sender, instance, **kwargs):
    page = instance.specific
    if isinstance(page, LibraryItemPage):
        item_services.item_index(page=page)
    invalidate(EDITORIAL_NAMESPACE)
    invalidate(LIST_NAMESPACE)


@receiver(page_unpublished)
def on_unpublished(sender, instance, **kwargs):
    if isinstance(instance.specific, LibraryItemPage):
        item_services.item_unindex(page_id=instance.pk)
    invalidate(EDITORIAL_NAMESPACE)
    invalidate(LIST_NAMESPACE)


@receiver(post_save, sender=Term)
@receiver(post_delete, sender=Term)
def on_vocabulary_changed(sender, **kwargs):
    invalidate(LIST_NAMESPACE)


@receiver(post_delete, sender=LibraryItemPage)
def on_deleted(sender, instance, **kwargs):
    item_services.item_unindex(page_id=instance.pk)


@receiver(post_delete, sender=TestimonyPage)
def on_testimony_deleted(sender, instance, **kwargs):
    """A deleted testimony takes its voice with it, once the deletion is committed."""
    if instance.audio:
        name, storage = instance.audio.name, instance.audio.storage
        transaction.on_commit(lambda: storage.delete(name))


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def on_user_saved(sender, instance, **kwargs):
    """National coordinators belong to Wagtail's editor group, and nobody else."""
    from mille.library.bootstrap import sync_national_coordinator

    sync_national_coordinator(instance)


@receiver(site_restored)
def on_site_restored(sender, **kwargs):
    """A restored site finds its library again: its search index is made from the entries, and
    Wagtail's (the editor's search) from the pages."""
    search.rebuild_index()
    call_command("update_index", verbosity=0)
    invalidate(LIST_NAMESPACE)
