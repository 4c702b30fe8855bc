"""Uploads are decoded by Pillow for real: files made here, not mocks."""

import os
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from merit_register.models import DeedPhoto


def jpeg_with_gps(size=(640, 480)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (31.0, 14.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def photo_post(client, deed, upload):
    url = reverse("admin:merit_register_deed_change", args=[deed.pk])
    doer = deed.doers.get()
    data = {
        "title": deed.title,
        "date": deed.date.isoformat(),
        "category": deed.category,
        "community": deed.community_id,
        "beneficiary": deed.beneficiary,
        "story": deed.story,
        "recommended_on": "",
        "recommended_level": "",
        "doers-TOTAL_FORMS": "1",
        "doers-INITIAL_FORMS": "1",
        "doers-MIN_NUM_FORMS": "1",
        "doers-MAX_NUM_FORMS": "1000",
        "doers-0-id": doer.pk,
        "doers-0-deed": deed.pk,
        "doers-0-name": doer.name,
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
        "photos-0-image": upload,
        "photos-0-caption": "现场",
    }
    return client.post(url, data)


def files_in(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_a_jpeg_with_gps_is_stored_re_encoded_without_its_metadata(
    reviewer_client, make_deed, media
):
    deed = make_deed()
    upload = SimpleUploadedFile("photo.jpg", jpeg_with_gps(), content_type="image/jpeg")
    assert Image.open(BytesIO(jpeg_with_gps())).getexif().get(0x8825)

    response = photo_post(reviewer_client, deed, upload)

    assert response.status_code == 302, response.content.decode()[:2000]
    photo = DeedPhoto.objects.get()
    with Image.open(photo.image.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (640, 480)
        exif = stored.getexif()
        assert 0x8825 not in exif and 0x010F not in exif
        assert "exif" not in stored.info
    with Image.open(photo.thumbnail.path) as thumbnail:
        assert max(thumbnail.size) <= 480
    assert photo.image.name != "merit/deeds/photo.jpg"  # a fresh name, not the uploaded one


def oversized_png() -> bytes:
    """Random pixels do not compress: just over 5 MB."""
    image = Image.frombytes("RGB", (1400, 1300), os.urandom(1400 * 1300 * 3))
    buffer = BytesIO()
    image.save(buffer, "PNG", compress_level=0)
    return buffer.getvalue()


def decompression_bomb() -> bytes:
    """A small PNG that would decode to 100 megapixels."""
    image = Image.new("1", (10_000, 10_000))
    buffer = BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make_content", "message"),
    [
        ("cut.jpg", lambda: jpeg_with_gps()[:3000], "不是可读取的JPEG、PNG或WebP图片"),
        ("notes.jpg", lambda: "这不是图片。".encode() * 100, "不是可读取的JPEG、PNG或WebP图片"),
        ("big.png", oversized_png, "图片不能超过5MB。"),
        ("bomb.png", decompression_bomb, "图片像素不能超过2500万。"),
        ("anim.gif", lambda: gif_bytes(), "只接受JPEG、PNG或WebP格式的图片。"),
    ],
)
def test_a_bad_upload_is_refused_with_a_message_and_leaves_nothing(
    reviewer_client, make_deed, media, name, make_content, message
):
    deed = make_deed()
    content = make_content()

    response = photo_post(reviewer_client, deed, SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DeedPhoto.objects.exists()
    assert files_in(media) == []


def gif_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("P", (20, 20)).save(buffer, "GIF")
    return buffer.getvalue()
