import re
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from merit_register import posters
from merit_register.models import Board, Deed
from tests.querycount import count_queries

BENEFICIARY = "张桂英"
MOBILE = "13912345678"


def assert_masked(page: str):
    assert BENEFICIARY not in page
    assert MOBILE not in page
    assert "张**" in page


def test_every_public_page_masks_the_beneficiary_and_hides_mobiles(
    client, make_deed, make_board, street
):
    deed = make_deed()
    board = make_board(deeds=[deed])

    for url in [
        reverse("merit_register:deed_list"),
        deed.get_absolute_url(),
        board.get_absolute_url(),
        reverse("merit_register:board_poster", args=[board.pk]),
    ]:
        assert_masked(client.get(url).content.decode())


def test_search_results_are_masked_and_the_beneficiary_cannot_be_searched(
    client, make_deed, street
):
    make_deed()
    url = reverse("merit_register:deed_list")

    by_story = client.get(url, {"q": "水管"})
    assert len(by_story.context["page_obj"]) == 1
    assert_masked(by_story.content.decode())
    for query in (BENEFICIARY, "桂英"):
        assert len(client.get(url, {"q": query}).context["page_obj"]) == 0


def test_the_public_list_filters_by_committee_category_and_year(
    client, make_deed, community, street
):
    import datetime

    make_deed(title="去年的好事", date=datetime.date(2025, 3, 1), category=Deed.Category.HONESTY)
    make_deed(title="今年的好事", date=datetime.date(2026, 3, 1))
    url = reverse("merit_register:deed_list")

    def titles(query):
        return [d.title for d in client.get(url, query).context["page_obj"]]

    assert titles({"year": "2025"}) == ["去年的好事"]
    assert titles({"category": "honesty"}) == ["去年的好事"]
    assert titles({"community": community.pk, "year": "2024"}) == []
    assert titles({"year": "abc", "community": "x"}) == ["今年的好事", "去年的好事"]


def test_the_public_list_costs_the_same_queries_for_5_or_500_deeds(client, make_deed, street):
    make_deed(count=5)
    few = count_queries(client, reverse("merit_register:deed_list"))
    make_deed(count=495)
    many = count_queries(client, reverse("merit_register:deed_list"))

    assert few == many <= 6


def test_a_board_page_costs_the_same_queries_for_5_or_500_deeds(
    client, make_deed, make_board, street
):
    small = make_board(deeds=make_deed(count=5))
    big = make_board(deeds=make_deed(count=500), issue_number=2)

    assert count_queries(client, small.get_absolute_url()) == count_queries(
        client, big.get_absolute_url()
    )


def test_the_admin_lists_cost_the_same_queries_for_5_or_500_rows(
    client, reviewer, make_deed, make_board
):
    client.force_login(reviewer)
    make_deed(count=5)
    for n in range(5):
        make_board(issue_number=n + 1)
    deeds_few = count_queries(client, reverse("admin:merit_register_deed_changelist"))
    boards_few = count_queries(client, reverse("admin:merit_register_board_changelist"))
    make_deed(count=495)
    for n in range(5, 100):
        make_board(issue_number=n + 1)

    assert count_queries(client, reverse("admin:merit_register_deed_changelist")) == deeds_few
    assert count_queries(client, reverse("admin:merit_register_board_changelist")) == boards_few


def test_draft_boards_are_not_public(client, make_board):
    board = make_board(status=Board.Status.DRAFT)

    assert client.get(board.get_absolute_url()).status_code == 404


def test_the_poster_qr_code_encodes_the_boards_absolute_url(client, make_deed, make_board):
    board = make_board(deeds=[make_deed()])
    poster = client.get(reverse("merit_register:board_poster", args=[board.pk]))
    qr_url = reverse("merit_register:board_qr", args=[board.pk])
    assert qr_url in poster.content.decode()

    svg = client.get(qr_url).content.decode()

    expected = posters.qr_matrix(f"http://testserver{board.get_absolute_url()}")
    drawn = {(int(x), int(y)) for x, y in re.findall(r"M(\d+),(\d+)H", svg)}
    dark = {(x, y) for y, row in enumerate(expected) for x, on in enumerate(row) if on}
    assert drawn == dark
    assert posters.qr_matrix("http://testserver/merit/boards/999/") != expected


def test_the_home_page_shows_running_totals(
    client, make_deed, make_board, street, reviewer, django_capture_on_commit_callbacks
):
    from merit_register import services

    deeds = make_deed(count=3)
    make_deed(status=Deed.Status.SUBMITTED)
    make_board(deeds=deeds)
    page = client.get(reverse("home")).content.decode()
    assert re.search(r">3</span><span>件功德已收录", page)
    assert re.search(r">1</span><span>张功德榜已张贴", page)

    with django_capture_on_commit_callbacks(execute=True):
        services.deed_withdraw(deed=deeds[0], by=reviewer)  # clears the cached totals

    page = client.get(reverse("home")).content.decode()
    assert re.search(r">2</span><span>件功德已收录", page)


def test_the_ledger_is_an_excel_workbook_of_the_period(client, reviewer, make_deed, make_board):
    import datetime

    inside = make_deed(title="五月的好事", date=datetime.date(2026, 5, 1))
    make_deed(title="去年的好事", date=datetime.date(2025, 5, 1))
    make_board(deeds=[inside], posted_on=datetime.date(2026, 6, 1))
    client.force_login(reviewer)

    response = client.get(
        reverse("merit_register:staff_ledger"), {"start": "2026-01-01", "end": "2026-12-31"}
    )

    book = load_workbook(BytesIO(response.content))
    deeds = list(book["功德"].iter_rows(values_only=True))
    boards = list(book["功德榜"].iter_rows(values_only=True))
    assert deeds[0][:4] == ("日期", "标题", "类型", "做好事的人")
    assert [row[1] for row in deeds[1:]] == ["五月的好事"]
    assert boards[0][:3] == ("期数", "标题", "居委会") and len(boards) == 2


def test_a_reviewer_marks_a_board_posted_and_it_is_listed_where_it_hangs(
    client, reviewer, make_deed, make_board
):
    board = make_board(deeds=[make_deed()], status=Board.Status.DRAFT)
    client.force_login(reviewer)

    response = client.post(
        reverse("merit_register:staff_board_post", args=[board.pk]),
        {"location": "菜场入口", "posted_on": "2026-11-20"},
        follow=True,
    )

    assert "已登记张贴。" in response.content.decode()
    assert "菜场入口" in response.content.decode()
    board.refresh_from_db()
    assert board.status == "posted"


def test_the_poster_heading_says_merit_board_once(client, make_deed, make_board):
    named = make_board(deeds=[make_deed()], title="新华里社区功德榜（冬季刊）")
    plain = make_board(deeds=[make_deed()], title="冬季刊", issue_number=2)
    for board, heading in [
        (named, "<h1>新华里社区功德榜（冬季刊）</h1>"),
        (plain, "<h1>功德榜 · 冬季刊</h1>"),
    ]:
        page = client.get(reverse("merit_register:board_poster", args=[board.pk]))
        assert heading in page.content.decode()
