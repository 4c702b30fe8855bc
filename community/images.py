"""Checked, re-encoded image uploads: photos of deeds and boards, and showcase works.

Only JPEG, PNG and WebP are taken, at most 5 MB and 25 megapixels. Pillow decodes every upload
in full (a truncated or disguised file fails here), a decompression-bomb warning is an error, and
what is stored is a fresh encoding of the pixels: EXIF, GPS and any other metadata are left behind.
"""

import uuid
import warnings
from io import BytesIO

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
THUMBNAIL_SIZE = (480, 480)
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}


class ProcessedImage(ContentFile):
    """The re-encoded image, with its thumbnail beside it."""

    def __init__(self, content: bytes, name: str, thumbnail: ContentFile):
        super().__init__(content, name=name)
        self.thumbnail = thumbnail


def _encode(image: Image.Image, image_format: str) -> bytes:
    buffer = BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=88, optimize=True)
    elif image_format == "PNG":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, "WEBP", quality=88)
    return buffer.getvalue()


def process_image(upload) -> ProcessedImage:
    """Check an uploaded file and return its clean re-encoding; raise ValidationError if refused."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The image is larger than 5 MB."), code="too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as probe:
                image_format = probe.format
                width, height = probe.size
                if image_format not in FORMATS:
                    raise ValidationError(
                        _("Only JPEG, PNG and WebP images are accepted."), code="format"
                    )
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        _("The image has more than 25 megapixels."), code="too_many_pixels"
                    )
                probe.load()
                image = ImageOps.exif_transpose(probe)
                image.info.clear()  # EXIF, GPS, comments: none of it is written again
    except ValidationError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("The image has more than 25 megapixels."), code="too_many_pixels"
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not a readable JPEG, PNG or WebP image."), code="invalid"
        ) from error

    extension = FORMATS[image_format][0]
    stem = uuid.uuid4().hex
    thumbnail = image.copy()
    thumbnail.thumbnail(THUMBNAIL_SIZE)
    return ProcessedImage(
        _encode(image, image_format),
        name=f"{stem}.{extension}",
        thumbnail=ContentFile(_encode(thumbnail, "JPEG"), name=f"{stem}-thumb.jpg"),
    )


ACCEPT = "image/jpeg,image/png,image/webp"


class SafeImageField(forms.FileField):
    """A form field that returns a ProcessedImage, so nothing unchecked reaches storage."""

    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value is None or value is False or value is initial:
            return value
        return process_image(value)


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class SafeImagesField(forms.FileField):
    """Several photos in one field, Django's documented way (a widget that allows multiple
    selection, a FileField that cleans each file): a list of ProcessedImage, at most `max_count`,
    each checked and re-encoded as SafeImageField does. A bad file is named in the message."""

    def __init__(self, *, max_count: int, **kwargs):
        self.max_count = max_count
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = list(data) if isinstance(data, (list, tuple)) else [data] if data else []
        if not uploads:
            super().clean(None, initial)  # "required" when it is
            return []
        if len(uploads) > self.max_count:
            raise ValidationError(
                _("Choose at most %(limit)d photos (you chose %(count)d)."),
                code="too_many",
                params={"limit": self.max_count, "count": len(uploads)},
            )
        single_file_clean = super().clean
        images, problems = [], []
        for upload in uploads:
            try:
                images.append(process_image(single_file_clean(upload, initial)))
            except ValidationError as error:
                problems += [
                    ValidationError(
                        _("%(name)s: %(problem)s"),
                        code=getattr(error, "code", None) or "invalid",
                        params={"name": getattr(upload, "name", ""), "problem": message},
                    )
                    for message in error.messages
                ]
        if problems:
            raise ValidationError(problems)
        return images


class SafeImageFormMixin:
    """For a ModelForm whose `image` field is a SafeImageField and whose model has `thumbnail`."""

    def save(self, commit=True):
        instance = super().save(commit=False)
        image = self.cleaned_data.get("image")
        if isinstance(image, ProcessedImage):
            instance.thumbnail = image.thumbnail
        if commit:
            instance.save()
            self.save_m2m()
        return instance
