"""A generated archive for the batch dedup tests: random Vietnamese-like texts with planted duplicates.

Near copies (a paragraph added or cut, a prefix, a few words changed), exact copies on other sites,
templated notices (the same sentences, other figures: not duplicates, unless the figures repeat),
short texts (equal ones link only by hash), undated articles and equal publication times (first seen
breaks the tie).  Rows go in as an old archive's would: no index, every article its own cluster.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from archive.db import transaction
from archive.store import prepare_record
from archive.vn_time import VN_TZ

SYLLABLES = (
    "anh bình cao dân đồng giao hội huyện kinh lãnh mới năm người nông phát quan sản tỉnh thôn trung "
    "ủy văn xã xây dựng công tác chương trình kế hoạch thực hiện tổ chức địa phương nhân dân cán bộ "
    "đảng viên học sinh trường bệnh viện đường giao thông thủy lợi mùa vụ lúa ngô chè cây trồng vật nuôi "
    "hợp tác sản phẩm du lịch văn hóa thể thao an ninh quốc phòng biên giới chính sách hộ nghèo"
).split()
NOTICES = [
    "Lịch làm việc tuần của Thường trực Ủy ban nhân dân tỉnh: sáng thứ Hai họp giao ban, chiều thứ Hai làm "
    "việc với các sở, ngành; thứ Ba tiếp công dân định kỳ; thứ Tư dự hội nghị trực tuyến với Chính phủ.",
    "Thông báo mực nước các sông chính trên địa bàn tỉnh: mực nước đang ở mức thấp hơn báo động một, các "
    "địa phương theo dõi chặt chẽ diễn biến, chủ động phương án bảo vệ sản xuất và an toàn cho người dân.",
]
START = datetime(2015, 1, 1, 7, 0, tzinfo=VN_TZ)


def _paragraph(rnd: random.Random) -> str:
    words = [rnd.choice(SYLLABLES) for _ in range(rnd.randint(25, 60))]
    for _ in range(rnd.randint(0, 3)):  # figures: numbers and dates
        words.insert(rnd.randrange(len(words)), rnd.choice([str(rnd.randint(2, 9999)), f"{rnd.randint(1, 28)}/3"]))
    return " ".join(words).capitalize() + "."


def _edited(rnd: random.Random, text: str) -> str:
    paras = text.split("\n")
    edit = rnd.randrange(4)
    if edit == 0:
        paras.insert(rnd.randrange(len(paras) + 1), _paragraph(rnd))
    elif edit == 1 and len(paras) > 2:
        del paras[rnd.randrange(len(paras))]
    elif edit == 2:
        paras[0] = "(BBK) - " + paras[0]
    else:
        words = text.split(" ")
        for _ in range(max(1, len(words) // 40)):
            words[rnd.randrange(len(words))] = rnd.choice(SYLLABLES)
        return " ".join(words)
    return "\n".join(paras)


def generated_articles(count: int, seed: int = 7) -> list[dict]:
    """``count`` article mappings (as the store takes them), about a fifth of them duplicates of another."""
    rnd = random.Random(seed)
    out: list[dict] = []
    for n in range(count):
        at = START + timedelta(hours=rnd.randrange(24 * 365 * 3))
        roll = rnd.random()
        if out and roll < 0.12:
            text = _edited(rnd, rnd.choice(out)["text"])
        elif out and roll < 0.16:
            original = rnd.choice(out)
            text = original["text"]
            if rnd.random() < 0.5 and original["published"]:  # the same instant: first seen decides
                at = datetime.fromisoformat(original["published"])
        elif roll < 0.19:
            figure = rnd.choice([12, 19, 26, rnd.randint(1, 9999)])
            text = f"{NOTICES[n % 2]}\nNgày {figure}/{rnd.randint(1, 12)}: {figure} hộ, {figure * 3} người."
        elif roll < 0.21:
            text = rnd.choice(["Ảnh: Hoàng Nam", "Video: Thu Trang", "Bài và ảnh: Minh Đức"])
        else:
            text = "\n".join(_paragraph(rnd) for _ in range(rnd.randint(2, 6)))
        published = None if rnd.random() < 0.05 else at.isoformat()
        seen = (at + timedelta(minutes=rnd.randrange(600))).isoformat()
        out.append({"url": f"https://tinh{n % 9}.example.vn/bai-{n}.html", "site": f"tinh{n % 9}",
                    "title": f"Bài {n}", "text": text, "published": published, "seen_at": seen})
    return out


def insert_undeduplicated(db, articles: list[dict]) -> None:
    """Store the articles without deduplicating them (as an import before dedup existed)."""
    with transaction(db):
        for article in articles:
            record = prepare_record(article)
            cols = [*record, "first_seen_at", "last_seen_at", "cluster_id"]
            db.conn.execute(
                f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                [*record.values(), article["seen_at"], article["seen_at"], None],
            )
        db.conn.execute("UPDATE articles SET cluster_id = id")
