"""The network's library and editorial pages, edited in Wagtail.

Every library item is a `LibraryItemPage` (one table holding what search and facets need), made
concrete by its kind: a teaching (« enseignement »), an experience sheet (« fiche d'expérience »),
a testimony, a tool or a guide. Rich text is sanitised on every save (`sanitize.clean_html`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from mille.library.sanitize import clean_html

RICH = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class Term(models.Model):
    """A word of the library's vocabulary, used as a facet."""

    class Kind(models.TextChoices):
        THEME = "theme", _("Thème")
        AUDIENCE = "audience", _("Public")
        SCHEME = "scheme", _("Dispositif")
        LENS = "lens", _("Grille d'analyse")

    kind = models.CharField(_("sorte"), max_length=10, choices=Kind.choices)
    slug = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("libellé"), max_length=80)
    group_label = models.CharField(
        _("famille"),
        max_length=60,
        blank=True,
        help_text=_("Pour la grille d'analyse : valeurs, action, seuils ou épreuves."),
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("slug"),
        FieldPanel("label"),
        FieldPanel("group_label"),
    ]

    class Meta:
        ordering = ["kind", "group_label", "label"]
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="term_unique_slug")]
        verbose_name = _("mot du vocabulaire")
        verbose_name_plural = _("vocabulaire")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.label}"


class ItemKind(models.TextChoices):
    TEACHING = "teaching", _("Enseignement")
    EXPERIENCE = "experience", _("Fiche d'expérience")
    TESTIMONY = "testimony", _("Témoignage")
    TOOL = "tool", _("Outil")
    GUIDE = "guide", _("Guide")


class PartnershipLevel(models.TextChoices):
    MINIMAL = "minimal", _("Minimal : une prestation ou un financement")
    INTERMEDIATE = "intermediate", _("Intermédiaire : la demande est repensée ensemble")
    MAXIMAL = "maximal", _("Maximal : une solution construite ensemble")


class SanitizedRichTextMixin:
    """Rich text fields and streams are cleaned before every save, whoever wrote them."""

    def clean_rich_text(self) -> None:
        for field in self._meta.concrete_fields:
            if isinstance(field, RichTextField):
                setattr(self, field.attname, clean_html(getattr(self, field.attname) or ""))

    def full_clean(self, *args, **kwargs):
        self.clean_rich_text()
        return super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.clean_rich_text()
        return super().save(*args, **kwargs)


# --- Editorial pages -------------------------------------------------------------------------


class HomePage(SanitizedRichTextMixin, Page):
    """The home page's words; the network's figures are added by `mille.portal`."""

    hero_text = models.TextField(_("phrase d'accueil"), max_length=600)
    body = RichTextField(_("ce que nous voulons"), features=RICH, blank=True)
    steps = RichTextField(_("comment commencer"), features=RICH, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("hero_text"),
        FieldPanel("body"),
        FieldPanel("steps"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["library.LibraryIndexPage", "library.CharterPage", "library.FaqPage"]

    class Meta:
        verbose_name = _("page d'accueil")

    def serve(self, request, *args, **kwargs):
        from mille.library.views.editorial import render_home

        return render_home(request, self)


class CharterPage(SanitizedRichTextMixin, Page):
    intro = RichTextField(_("introduction"), features=RICH, blank=True)
    principles = StreamField(
        [
            (
                "principle",
                blocks.StructBlock(
                    [
                        ("title", blocks.CharBlock(label=_("titre"))),
                        ("text", blocks.TextBlock(label=_("texte"))),
                    ],
                    label=_("principe"),
                ),
            )
        ],
        verbose_name=_("principes"),
        blank=True,
    )
    commitment = RichTextField(_("s'engager"), features=RICH, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("principles"),
        FieldPanel("commitment"),
    ]
    max_count = 1
    parent_page_types = ["library.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("page de la charte")

    def serve(self, request, *args, **kwargs):
        from mille.library.views.editorial import render_charter

        return render_charter(request, self)


class FaqPage(SanitizedRichTextMixin, Page):
    intro = RichTextField(_("introduction"), features=RICH, blank=True)
    questions = StreamField(
        [
            (
                "question",
                blocks.StructBlock(
                    [
                        ("question", blocks.CharBlock(label=_("question"))),
                        ("answer", blocks.RichTextBlock(features=RICH, label=_("réponse"))),
                    ],
                    label=_("question"),
                ),
            )
        ],
        verbose_name=_("questions"),
        blank=True,
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("questions")]
    max_count = 1
    parent_page_types = ["library.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("foire aux questions")

    def serve(self, request, *args, **kwargs):
        from mille.library.views.editorial import render_faq

        return render_faq(request, self)


# --- The library -----------------------------------------------------------------------------


class LibraryIndexPage(SanitizedRichTextMixin, Page):
    intro = RichTextField(_("introduction"), features=RICH, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["library.HomePage"]
    subpage_types = [
        "library.TeachingPage",
        "library.ExperiencePage",
        "library.TestimonyPage",
        "library.ToolPage",
        "library.GuidePage",
    ]

    class Meta:
        verbose_name = _("bibliothèque")

    def serve(self, request, *args, **kwargs):
        from mille.library.views.public import library_index

        return library_index(request, self)


class LibraryItemPage(SanitizedRichTextMixin, Page):
    """What every library item has: the easy-to-read summary, the credit and the facets."""

    kind = models.CharField(_("sorte"), max_length=12, choices=ItemKind.choices, editable=False)
    summary = models.TextField(
        _("résumé facile à lire"),
        max_length=600,
        help_text=_(
            "Phrases courtes, mots simples (FALC). Il est lu à voix haute par « Écouter »."
        ),
    )
    credit = models.CharField(_("source et crédit"), max_length=500, blank=True)
    themes = ParentalManyToManyField(
        Term,
        blank=True,
        related_name="theme_items",
        verbose_name=_("thèmes"),
        limit_choices_to={"kind": Term.Kind.THEME},
    )
    audiences = ParentalManyToManyField(
        Term,
        blank=True,
        related_name="audience_items",
        verbose_name=_("publics"),
        limit_choices_to={"kind": Term.Kind.AUDIENCE},
    )
    schemes = ParentalManyToManyField(
        Term,
        blank=True,
        related_name="scheme_items",
        verbose_name=_("dispositifs"),
        limit_choices_to={"kind": Term.Kind.SCHEME},
    )
    partnership_level = models.CharField(
        _("niveau de partenariat"), max_length=12, choices=PartnershipLevel.choices, blank=True
    )
    departement = models.ForeignKey(
        "territories.Departement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("département"),
    )
    place = models.CharField(_("lieu"), max_length=160, blank=True)
    local_group = models.ForeignKey(
        "groups.LocalGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_items",
        verbose_name=_("groupe local qui l'a proposé"),
    )

    facet_panels = [
        MultiFieldPanel(
            [
                FieldPanel("themes"),
                FieldPanel("audiences"),
                FieldPanel("schemes"),
                FieldPanel("partnership_level"),
                FieldPanel("departement"),
                FieldPanel("place"),
            ],
            heading=_("Pour trouver ce contenu"),
        ),
        FieldPanel("credit"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types: list[str] = []
    item_kind = ""

    class Meta:
        verbose_name = _("contenu de la bibliothèque")
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["partnership_level"])]

    def save(self, *args, **kwargs):
        if self.item_kind:
            self.kind = self.item_kind
        return super().save(*args, **kwargs)

    def text_parts(self) -> list[str]:
        """The item's own text, for search and excerpts (subclasses add theirs)."""
        return [self.summary]

    def serve(self, request, *args, **kwargs):
        from mille.library.views.public import item_page

        return item_page(request, self)


class TeachingPage(LibraryItemPage):
    """One of the eight teachings of the action-research, in the shape of the first one."""

    key_message = RichTextField(_("le message"), features=RICH)
    why = RichTextField(_("pourquoi est-ce important ?"), features=RICH)
    examples = RichTextField(
        _("des exemples d'actions sur les territoires"), features=RICH, blank=True
    )
    resources = RichTextField(_("quelques ressources"), features=RICH, blank=True)
    vigilance = RichTextField(_("points de vigilance"), features=RICH, blank=True)

    content_panels = (
        Page.content_panels
        + [
            FieldPanel("summary"),
            FieldPanel("key_message"),
            FieldPanel("why"),
            FieldPanel("examples"),
            FieldPanel("resources"),
            FieldPanel("vigilance"),
        ]
        + LibraryItemPage.facet_panels
    )
    item_kind = ItemKind.TEACHING
    template = "library/item_page.html"

    class Meta:
        verbose_name = _("enseignement")

    def text_parts(self) -> list[str]:
        return [
            self.summary,
            self.key_message,
            self.why,
            self.examples,
            self.resources,
            self.vigilance,
        ]


class ExperiencePage(LibraryItemPage):
    """An experience sheet: what partners did on a territory, and what came of it."""

    started_on = models.DateField(_("début"), null=True, blank=True)
    ended_on = models.DateField(_("fin"), null=True, blank=True)
    dates_text = models.CharField(_("dates, en clair"), max_length=80, blank=True)
    context = RichTextField(_("au départ : le contexte"), features=RICH)
    partners_did = RichTextField(_("ce que les partenaires ont fait"), features=RICH)
    results = RichTextField(_("les résultats"), features=RICH, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    lenses = ParentalManyToManyField(
        Term,
        blank=True,
        related_name="lens_items",
        verbose_name=_("grille d'analyse"),
        limit_choices_to={"kind": Term.Kind.LENS},
    )

    content_panels = (
        Page.content_panels
        + [
            FieldPanel("summary"),
            MultiFieldPanel(
                [FieldPanel("started_on"), FieldPanel("ended_on"), FieldPanel("dates_text")],
                heading=_("Dates"),
            ),
            FieldPanel("context"),
            FieldPanel("partners_did"),
            FieldPanel("results"),
            FieldPanel("contact"),
            FieldPanel("lenses"),
        ]
        + LibraryItemPage.facet_panels
    )
    item_kind = ItemKind.EXPERIENCE
    template = "library/item_page.html"

    class Meta:
        verbose_name = _("fiche d'expérience")

    def text_parts(self) -> list[str]:
        return [self.summary, self.place, self.context, self.partners_did, self.results]


class SpeakerRole(models.TextChoices):
    PARENT = "parent", _("Un parent")
    TEACHER = "teacher", _("Une enseignante ou un enseignant")
    SOCIAL = "social", _("Une actrice ou un acteur socio-éducatif")
    FACILITATOR = "facilitator", _("Une animatrice ou un animateur")
    ELECTED = "elected", _("Une ou un élu")
    CHILD = "child", _("Une ou un jeune")
    OTHER = "other", _("Un membre de la communauté éducative")


class TestimonyPage(LibraryItemPage):
    """A short quote. The speaker is known by their role only; their consent is recorded."""

    quote = models.TextField(_("les mots de la personne"), max_length=1500)
    speaker_role = models.CharField(_("qui parle"), max_length=12, choices=SpeakerRole.choices)
    consent_given_on = models.DateField(_("accord donné le"))
    consent_means = models.CharField(
        _("comment l'accord a été donné"),
        max_length=120,
        help_text=_("Par exemple : à l'oral, devant l'animatrice ; par écrit."),
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accord noté par"),
    )
    audio = models.FileField(_("enregistrement"), upload_to="library/audio/", blank=True)

    content_panels = (
        Page.content_panels
        + [
            FieldPanel("summary"),
            FieldPanel("quote"),
            FieldPanel("speaker_role"),
            MultiFieldPanel(
                [FieldPanel("consent_given_on"), FieldPanel("consent_means")],
                heading=_("Accord de la personne"),
            ),
        ]
        + LibraryItemPage.facet_panels
    )
    item_kind = ItemKind.TESTIMONY
    template = "library/item_page.html"

    class Meta:
        verbose_name = _("témoignage")

    def text_parts(self) -> list[str]:
        return [self.summary, self.quote, self.place]


class ToolPage(LibraryItemPage):
    """A document to download, with whom it is for and how to use it."""

    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("document"),
    )
    how_to_use = RichTextField(_("comment s'en servir"), features=RICH)

    content_panels = (
        Page.content_panels
        + [
            FieldPanel("summary"),
            FieldPanel("document"),
            FieldPanel("how_to_use"),
        ]
        + LibraryItemPage.facet_panels
    )
    item_kind = ItemKind.TOOL
    template = "library/item_page.html"

    class Meta:
        verbose_name = _("outil")

    def text_parts(self) -> list[str]:
        return [self.summary, self.how_to_use]


class GuideSectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"))
    body = blocks.RichTextBlock(features=RICH, required=False, label=_("texte"))
    open_for_contributions = blocks.BooleanBlock(
        required=False,
        label=_("ouverte aux contributions du réseau"),
    )

    class Meta:
        label = _("partie")


class GuidePage(LibraryItemPage):
    """A long text in parts; some parts wait for the network's contributions."""

    intro = RichTextField(_("introduction"), features=RICH, blank=True)
    sections = StreamField([("section", GuideSectionBlock())], verbose_name=_("parties"))

    content_panels = (
        Page.content_panels
        + [
            FieldPanel("summary"),
            FieldPanel("intro"),
            FieldPanel("sections"),
        ]
        + LibraryItemPage.facet_panels
    )
    item_kind = ItemKind.GUIDE
    template = "library/item_page.html"

    class Meta:
        verbose_name = _("guide")

    def text_parts(self) -> list[str]:
        parts = [self.summary, self.intro]
        for block in self.sections:
            parts += [block.value["title"], str(block.value["body"] or "")]
        return parts


# --- What the network adds around the items --------------------------------------------------


class SearchEntry(models.Model):
    """One row per live item: its plain text (excerpts) and its facets, so that search, counts and
    listing read one table, without joins.

    On PostgreSQL, `vector` (all the text) and `head` (title and summary, small: cheap to rank)
    `tsvector` columns are added by migration, `vector` GIN-indexed (`mille_french`: unaccent then
    the French stemmer); on SQLite an FTS5 table `library_fts` holds the stemmed words.
    `mille.library.search` hides the difference.
    """

    page = models.OneToOneField(
        LibraryItemPage, primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    title = models.TextField()
    summary = models.TextField()
    body = models.TextField()
    kind = models.CharField(max_length=12, default="", db_index=True)
    partnership_level = models.CharField(max_length=12, blank=True, default="")
    departement_code = models.CharField(max_length=3, blank=True, default="")
    published_at = models.DateTimeField(null=True, db_index=True)
    terms = models.JSONField(default=list)  # ids of the item's themes, schemes and audiences

    def __str__(self) -> str:
        return self.title


class SearchWord(models.Model):
    """Words seen in the library, to suggest close terms when a search finds nothing."""

    word = models.CharField(max_length=40, unique=True)  # accent-free, lower-case
    display = models.CharField(max_length=40)  # as first written, with its accents
    prefix = models.CharField(max_length=2, db_index=True)

    def __str__(self) -> str:
        return self.display


class ItemComment(models.Model):
    page = models.ForeignKey(LibraryItemPage, on_delete=models.CASCADE, related_name="comments")
    # Null once its author erased their account and chose to keep what they wrote, anonymised.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="library_comments",
    )
    body = models.TextField(_("commentaire"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["page", "created_at"]),
            models.Index(fields=["author", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class CommentReport(models.Model):
    comment = models.ForeignKey(ItemComment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("pourquoi ?"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_each")
        ]

    def __str__(self) -> str:
        return self.reason


class GuideContribution(models.Model):
    """A text proposed for a part of a guide; the national coordination accepts or declines it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En relecture")
        ACCEPTED = "accepted", _("Ajoutée au guide")
        DECLINED = "declined", _("Non retenue")

    page = models.ForeignKey(GuidePage, on_delete=models.CASCADE, related_name="contributions")
    section_id = models.CharField(max_length=64)
    section_title = models.CharField(max_length=255)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    local_group = models.ForeignKey(
        "groups.LocalGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("votre texte"), max_length=4000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.section_title} : {self.text[:40]}"
