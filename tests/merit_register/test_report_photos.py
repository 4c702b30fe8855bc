"""Residents attach photos to a report: checked and re-encoded like the admin's, saved with the
deed or not at all, and a throttled report keeps what was typed."""

import errno
import uuid
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from merit_register import services
from merit_register.models import Deed, DeedPhoto
from tests.merit_register.test_images import files_in, gif_bytes, jpeg_with_gps
from tests.notices import told

STORY = "李阿姨每天早上打扫楼道，坚持了三年，楼里的老人都说她是热心人。"


def photo(name="photo.jpg", size=(640, 480)):
    return SimpleUploadedFile(name, jpeg_with_gps(size), content_type="image/jpeg")


def report(client, community, photos=(), **overrides):
    data = {
        "title": "楼下李阿姨义务打扫楼道",
        "date": "2026-11-01",
        "category": Deed.Category.FOR_COMMUNITY,
        "community": community.pk,
        "beneficiary": "",
        "story": STORY,
        "doers": "李阿姨，楼组志愿者",
        "submission": uuid.uuid4().hex,
        "photos": list(photos),
    }
    data.update(overrides)
    return client.post(reverse("merit_register:deed_report"), data)


def test_the_report_form_takes_several_photos_in_one_multipart_field(resident_client):
    page = resident_client.get(reverse("merit_register:deed_report")).content.decode()

    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" name="photos"' in page and "multiple" in page
    assert 'accept="image/jpeg,image/png,image/webp"' in page


def test_a_report_with_three_photos_saves_them_re_encoded_with_the_deed(
    resident_client, community, media
):
    response = report(
        resident_client, community, photos=[photo(f"p{n}.jpg", (800 + n, 600)) for n in range(3)]
    )

    assert response.status_code == 302
    deed = Deed.objects.get()
    photos = list(deed.photos.all())
    assert len(photos) == 3
    assert [Image.open(p.image.path).size for p in photos] == [(800, 600), (801, 600), (802, 600)]
    for stored in photos:
        with Image.open(stored.image.path) as image:
            assert 0x8825 not in image.getexif()  # no GPS position left in what is stored
        assert max(Image.open(stored.thumbnail.path).size) <= 480
        assert not stored.image.name.endswith(("p0.jpg", "p1.jpg", "p2.jpg"))
    assert len(files_in(media)) == 6  # each photo and its thumbnail, nothing else


def test_a_report_without_photos_is_still_taken(resident_client, community, media):
    assert report(resident_client, community).status_code == 302

    assert Deed.objects.get().photos.count() == 0


def test_a_bad_photo_is_named_in_a_message_and_nothing_is_saved(resident_client, community, media):
    bad = SimpleUploadedFile("菜单.jpg", "这不是图片。".encode() * 100, content_type="image/jpeg")
    gif = SimpleUploadedFile("动图.gif", gif_bytes(), content_type="image/gif")

    response = report(resident_client, community, photos=[photo(), bad, gif])

    page = response.content.decode()
    assert response.status_code == 200
    assert "菜单.jpg：该文件不是可读取的JPEG、PNG或WebP图片" in page
    assert "动图.gif：只接受JPEG、PNG或WebP格式的图片。" in page
    assert STORY in page  # what was typed stays in the form
    assert not Deed.objects.exists() and not DeedPhoto.objects.exists()
    assert files_in(media) == []


def test_more_than_three_photos_are_refused_before_any_is_decoded(
    resident_client, community, media, monkeypatch
):
    decoded = []
    monkeypatch.setattr(
        "community.images.process_image", lambda upload: decoded.append(upload) or upload
    )

    response = report(resident_client, community, photos=[photo(f"p{n}.jpg") for n in range(4)])

    assert "最多只能选择3张照片（您选择了4张）。" in response.content.decode()
    assert decoded == []
    assert not Deed.objects.exists() and files_in(media) == []


def test_the_service_refuses_more_than_three_photos_whatever_door_calls_it(
    community, make_user, media
):
    from community.images import process_image

    four = [process_image(photo(f"p{n}.jpg")) for n in range(4)]

    with pytest.raises(Exception, match="最多只能选择3张照片"):
        services.deed_report(
            reporter=make_user(),
            title="修水管",
            story="修好了。",
            date=Deed._meta.get_field("date").to_python("2026-11-01"),
            category=Deed.Category.HELPING,
            community=community,
            doers=["王师傅"],
            photos=four,
        )
    assert not Deed.objects.exists() and files_in(media) == []


def full_disk_after(writes: int):
    """A FileSystemStorage._save that writes `writes` files, then fails half-way through the
    next (as on a full disk), leaving a partial file behind as the real one would."""
    real_save = FileSystemStorage._save
    calls = []

    def save(self, name, content):
        calls.append(name)
        if len(calls) <= writes:
            return real_save(self, name, content)
        partial = Path(self.path(name))
        partial.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(b"\xff\xd8 half a photo")
        raise OSError(errno.ENOSPC, "No space left on device")

    return save


def read_only_disk(self, name, content):
    raise PermissionError(errno.EROFS, "Read-only file system")


@pytest.mark.parametrize("failing_save", [full_disk_after(3), read_only_disk])
def test_when_a_photo_cannot_be_written_nothing_is_saved_and_the_resident_is_told(
    resident_client, community, reviewer, media, monkeypatch, failing_save
):
    submission = uuid.uuid4().hex
    monkeypatch.setattr(FileSystemStorage, "_save", failing_save)

    response = report(
        resident_client, community, photos=[photo("a.jpg"), photo("b.jpg")], submission=submission
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "照片暂时无法保存，这次上报的内容都没有保存。" in page
    assert STORY in page
    assert not Deed.objects.exists() and not DeedPhoto.objects.exists()
    assert files_in(media) == []  # neither the written photo nor the half-written one
    assert told("staff_deed_reported") == []  # nobody is told of a report that is not there

    monkeypatch.undo()  # the disk has room again: the same form, sent again, is taken
    again = report(
        resident_client, community, photos=[photo("a.jpg"), photo("b.jpg")], submission=submission
    )
    assert again.status_code == 302
    assert Deed.objects.get().photos.count() == 2


def test_reviewers_see_the_photos_in_the_admin_and_the_public_sees_them_once_published(
    resident_client, client, community, reviewer, media
):
    report(resident_client, community, photos=[photo()])
    deed = Deed.objects.get()
    stored = deed.photos.get()
    client.force_login(reviewer)

    change = client.get(reverse("admin:merit_register_deed_change", args=[deed.pk]))

    assert f'<img src="{stored.thumbnail.url}"' in change.content.decode()
    services.deed_approve(deed=deed, by=reviewer)
    services.deed_publish(deed=deed, by=reviewer)
    client.logout()
    public = client.get(deed.get_absolute_url()).content.decode()
    assert stored.thumbnail.url in public and stored.image.url in public


# --- over the post limit -----------------------------------------------------------------------


def test_a_report_over_the_post_limit_keeps_what_was_typed_and_saves_nothing(
    resident_client, community, settings, media
):
    settings.PUBLIC_FORM_POSTS_PER_MINUTE = 1
    report(resident_client, community)
    story = "王师傅冒雨把摔倒的老人背回了家，又帮她叫了医生。这件事整栋楼都知道。"

    limited = report(
        resident_client,
        community,
        title="王师傅冒雨背老人回家",
        story=story,
        doers="王师傅",
        photos=[photo()],
    )

    page = limited.content.decode()
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert "这次没有保存。您填写的内容仍在下面，请等一分钟后再提交。" in page
    assert 'value="王师傅冒雨背老人回家"' in page
    assert story in page and "王师傅</textarea>" in page
    assert "请重新选择照片。" in page
    assert Deed.objects.count() == 1  # only the first report
    assert files_in(media) == []


def test_the_kept_form_sent_again_after_the_wait_is_taken_once(
    resident_client, community, settings, media
):
    settings.PUBLIC_FORM_POSTS_PER_MINUTE = 1
    report(resident_client, community)
    submission = uuid.uuid4().hex
    assert report(resident_client, community, submission=submission).status_code == 429

    settings.PUBLIC_FORM_POSTS_PER_MINUTE = 10  # a minute later
    assert report(resident_client, community, submission=submission).status_code == 302
    assert report(resident_client, community, submission=submission).status_code == 302

    assert Deed.objects.count() == 2  # the first report and the kept one, once


def test_other_forms_over_the_limit_still_get_the_plain_page(client, community, settings):
    settings.PUBLIC_FORM_POSTS_PER_MINUTE = 1
    client.post(reverse("register"), {"mobile": "bad", "name": "王大爷"})

    limited = client.post(reverse("register"), {"mobile": "bad", "name": "王大爷"})

    assert limited.status_code == 429
    assert "请稍候再试" in limited.content.decode()
    assert "王大爷" not in limited.content.decode()


def test_a_visitor_over_the_limit_is_sent_to_log_in(client, community, settings):
    settings.PUBLIC_FORM_POSTS_PER_MINUTE = 0

    response = report(client, community)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
