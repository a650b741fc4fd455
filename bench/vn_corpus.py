"""Generated Vietnamese-like news corpora with planted near-duplicates, for bench/dedup.py.

Articles are built from real Vietnamese words and the stock phrases of provincial news (offices,
places, programmes), 150-800 words in 3-12 paragraphs with caption lines and a site prefix.
Each corpus mixes:

* unrelated articles (most of it);
* **planted near-duplicates**: copies of an article on other sites with a different prefix, a
  caption changed, a paragraph added or cut, reflowed whitespace, NFD text (one or two edits each);
* **families that must not link**: monthly bulletins (the same template sentences, other figures
  and a few sentences of their own each month) and same-subject pairs (year-end reviews of one
  office in two years, sharing stock sentences and names, like seeds 000 and 001).

``truth`` on each article is its planted cluster: two articles are true duplicates iff equal.
Deterministic for a given seed.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import datetime, timedelta

from crawler.profiles import PROFILES
from crawler.profiles.registry import site_keys

FUNCTION = (
    "của và các có được trong cho là với những một này đã không để về khi theo đến từ tại trên như cùng đó "
    "nhiều cũng còn sẽ đang vào ra lại rất hơn bị do nên nhằm qua sau trước giữa đây năm tháng ngày"
).split()
WORDS = (
    "tỉnh|huyện|xã|thị trấn|phường|thôn|bản|ấp|người dân|cán bộ|đảng viên|chính quyền|đoàn thể|doanh nghiệp|"
    "nông dân|công nhân|học sinh|sinh viên|giáo viên|bác sĩ|chiến sĩ|thanh niên|phụ nữ|cựu chiến binh|hộ gia đình|"
    "cộng đồng|địa phương|đơn vị|cơ quan|ngành|lĩnh vực|hoạt động|công tác|phong trào|mô hình|sản phẩm|"
    "hàng hóa|thị trường|giá cả|nguồn vốn|nguồn lực|hạ tầng|tuyến đường|cây cầu|kênh mương|đê bao|trường học|"
    "lớp học|trạm y tế|bệnh viện|chợ|nhà ở|đất đai|rừng|dòng sông|bờ biển|cây lúa|cây dừa|bưởi da xanh|cam sành|"
    "chè|cây quế|hoa hồi|cây ngô|cây sắn|mía|con tôm|con cá|đàn bò|đàn heo|gà|triển khai|thực hiện|tổ chức|"
    "kiểm tra|giám sát|đánh giá|rà soát|hướng dẫn|hỗ trợ|tuyên truyền|vận động|tham gia|đóng góp|xây dựng|"
    "nâng cấp|sửa chữa|khắc phục|phát huy|đẩy mạnh|tăng cường|nâng cao|đảm bảo|hoàn thành|vượt|đạt|giảm|tăng|"
    "mở rộng|thu hút|kêu gọi|ký kết|trao tặng|khen thưởng|biểu dương|ghi nhận|quan trọng|cụ thể|thiết thực|"
    "hiệu quả|kịp thời|đầy đủ|chặt chẽ|đồng bộ|bền vững|tích cực|chủ động|khó khăn|thuận lợi|hạn chế|tồn tại|"
    "nguyên nhân|giải pháp|nhiệm vụ|mục tiêu|chỉ tiêu|kết quả|thành tích|buổi sáng|buổi chiều|hôm qua|vừa qua|"
    "thời gian tới|hiện nay|trước đó|đồng thời|bên cạnh đó|ngoài ra|tuy nhiên|mặt khác|nhờ vậy|cuối cùng|"
    "bà con|lãnh đạo|chỉ đạo|điều hành|quản lý|phối hợp|trực tiếp|thường xuyên|liên tục|nhanh chóng|"
    "an toàn|ổn định|phát triển|đổi mới|sáng tạo|truyền thống|hiện đại|chất lượng|năng suất|thu nhập|"
    "việc làm|đời sống|sức khỏe|môi trường|nước sạch|điện lưới|viễn thông|internet|máy tính|điện thoại"
).split("|")
PHRASES = [
    "Ủy ban nhân dân tỉnh", "Hội đồng nhân dân tỉnh", "Ban Thường vụ Tỉnh ủy", "Mặt trận Tổ quốc",
    "Sở Thông tin và Truyền thông", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Giáo dục và Đào tạo",
    "Sở Y tế", "Sở Kế hoạch và Đầu tư", "Sở Tài nguyên và Môi trường", "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch", "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Tỉnh đoàn",
    "Hội Liên hiệp Phụ nữ", "Hội Nông dân", "Liên đoàn Lao động tỉnh", "Ngân hàng Chính sách xã hội",
    "phát triển kinh tế - xã hội", "chuyển đổi số", "xây dựng nông thôn mới", "cải cách hành chính",
    "an sinh xã hội", "giảm nghèo bền vững", "đầu tư công", "giải ngân vốn", "chính quyền điện tử",
    "dịch vụ công trực tuyến", "an ninh trật tự", "quốc phòng - an ninh", "biến đổi khí hậu",
    "xâm nhập mặn", "phòng, chống thiên tai", "phòng, chống dịch bệnh", "bảo hiểm y tế", "bảo hiểm xã hội",
    "khám, chữa bệnh", "chất lượng giáo dục", "thi tốt nghiệp trung học phổ thông", "năm học mới",
    "sản xuất nông nghiệp", "chuỗi giá trị", "sản phẩm OCOP", "hợp tác xã", "kinh tế tập thể",
    "thu hút đầu tư", "xúc tiến thương mại", "du lịch cộng đồng", "di tích lịch sử", "lễ hội truyền thống",
    "văn hóa cơ sở", "đền ơn đáp nghĩa", "gia đình chính sách", "người có công", "hộ nghèo, hộ cận nghèo",
    "đồng bào dân tộc thiểu số", "vùng sâu, vùng xa", "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Nghị quyết Đại hội Đảng bộ tỉnh", "kế hoạch năm", "chương trình mục tiêu quốc gia", "cùng kỳ năm trước",
    "theo báo cáo", "theo đồng chí", "phát biểu tại hội nghị", "đề nghị các địa phương", "trong thời gian tới",
    "tháo gỡ khó khăn, vướng mắc", "nâng cao đời sống vật chất và tinh thần", "góp phần quan trọng",
    "tạo điều kiện thuận lợi", "đáp ứng yêu cầu", "phấn đấu hoàn thành", "đạt và vượt kế hoạch",
]
PLACES = (
    "Bến Tre|Bắc Kạn|Nghệ An|Vinh|Chợ Đồn|Ba Bể|Na Rì|Pác Nặm|Ngân Sơn|Bạch Thông|Chợ Mới|Mỏ Cày Nam|Giồng Trôm|"
    "Ba Tri|Bình Đại|Thạnh Phú|Châu Thành|Chợ Lách|Diễn Châu|Quỳnh Lưu|Nghi Lộc|Đô Lương|Thanh Chương|"
    "Con Cuông|Tương Dương|Kỳ Sơn|Quế Phong|Yên Thành|Anh Sơn|Hưng Nguyên|Nam Đàn|Cửa Lò|Hoàng Mai|Thái Hòa"
).split("|")
NAMES = (
    "Nguyễn Văn An|Trần Thị Bình|Lê Minh Châu|Phạm Quốc Dũng|Hoàng Thị Hoa|Vũ Đức Hùng|Đặng Thị Lan|"
    "Bùi Văn Long|Đỗ Thị Mai|Hồ Quang Minh|Ngô Thị Nga|Dương Văn Phúc|Lý Thị Quyên|Trịnh Minh Sơn|"
    "Mai Văn Tâm|Lương Thị Thảo|Nông Văn Thắng|Hà Thị Uyên|Triệu Văn Vinh|Lò Văn Xuân"
).split("|")
TITLES = ["Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh", "Bí thư Tỉnh ủy", "Phó Bí thư Thường trực Tỉnh ủy",
          "Giám đốc Sở", "Phó Giám đốc Sở", "Chủ tịch UBND huyện", "Bí thư Huyện ủy", "Trưởng phòng"]
UNITS = ["hộ", "người", "ha", "tấn", "km", "công trình", "doanh nghiệp", "hồ sơ", "trường hợp", "tỷ đồng"]
PREFIXES = ["BBK - ", "(Baonghean.vn) - ", "BDK.VN - ", "(CTO) - ", "(Chinhphu.vn) - ", ""]
SITES = site_keys(PROFILES)  # the registry's sites, as labels
BULLETIN_TOPICS = [
    "tình hình kinh tế - xã hội", "giá cả thị trường", "tình hình dịch bệnh trên cây trồng",
    "kết quả xử lý vi phạm trật tự an toàn giao thông", "công tác tiếp công dân", "tình hình thu ngân sách",
    "kết quả giải quyết thủ tục hành chính", "tình hình cháy, nổ",
]


class Generator:
    """Sentences, paragraphs and articles from one seeded random stream."""

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)
        pool = [(w, 3.0) for w in FUNCTION] + [(w, 1.0) for w in WORDS] + [(p, 0.6) for p in PHRASES]
        pool += [(p, 0.4) for p in PLACES] + [(n, 0.1) for n in NAMES]
        self.units = [u for u, _ in pool]
        weights = [w / (1 + i % 17) for i, (_, w) in enumerate(pool)]  # uneven, Zipf-like use
        total, self.cum = 0.0, []
        for w in weights:
            total += w
            self.cum.append(total)

    def number(self) -> str:
        r = self.rnd.random()
        if r < 0.4:
            return str(self.rnd.randint(2, 99))
        if r < 0.7:
            return f"{self.rnd.randint(100, 9999):,}".replace(",", ".")
        return f"{self.rnd.randint(1, 99)},{self.rnd.randint(1, 9)}"

    def sentence(self, low: int = 8, high: int = 22) -> str:
        parts = self.rnd.choices(self.units, cum_weights=self.cum, k=self.rnd.randint(low, high))
        if self.rnd.random() < 0.35:
            parts.insert(self.rnd.randrange(len(parts)), f"{self.number()} {self.rnd.choice(UNITS)}")
        if self.rnd.random() < 0.25:
            parts.insert(self.rnd.randrange(len(parts)), f"{self.rnd.choice(TITLES)} {self.rnd.choice(NAMES)}")
        if len(parts) > 6 and self.rnd.random() < 0.5:
            cut = self.rnd.randrange(3, len(parts) - 2)
            parts[cut] += ","
        text = " ".join(parts)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, words: int) -> str:
        out, count = [], 0
        while count < words:
            s = self.sentence()
            out.append(s)
            count += s.count(" ") + 1
        return " ".join(out)

    def caption(self) -> str:
        return self.sentence(6, 14)[:-1] + ". Ảnh: " + self.rnd.choice(NAMES).split()[-1]

    def body(self, words: int) -> list[str]:
        """Paragraphs (with one caption line per ~250 words) of about ``words`` words."""
        paras: list[str] = []
        count = 0
        while count < words - 25:
            paras.append(self.paragraph(min(self.rnd.randint(30, 110), max(20, words - count - 25))))
            count += paras[-1].count(" ") + 1
            if self.rnd.random() < 0.25:
                paras.append(self.caption())
                count += paras[-1].count(" ") + 1
        return paras

    def moment(self, start: datetime, days: int) -> datetime:
        return start + timedelta(minutes=self.rnd.randrange(days * 24 * 60))


def _article(url: str, site: str, title: str, paras: list[str], published: datetime, truth: int) -> dict:
    return {"url": url, "site": site, "title": title, "text": "\n".join(paras),
            "published": published.isoformat(), "truth": truth}


# --- planted edits -----------------------------------------------------------------------------


def _edit(gen: Generator, paras: list[str], op: str) -> list[str]:
    rnd = gen.rnd
    paras = list(paras)
    if op == "prefix":
        head = paras[0]
        for p in PREFIXES:
            if p and head.startswith(p):
                head = head[len(p):]
        paras[0] = rnd.choice([p for p in PREFIXES if p]) + head
    elif op == "caption":
        caps = [i for i, p in enumerate(paras) if "Ảnh: " in p]
        if caps:
            paras[rnd.choice(caps)] = gen.caption()
        else:
            paras.insert(rnd.randrange(1, len(paras) + 1), gen.caption())
    elif op == "add":
        paras.insert(rnd.randrange(1, len(paras) + 1), gen.paragraph(rnd.randint(25, 60)))
    elif op == "cut":
        body = [i for i in range(1, len(paras)) if len(paras[i].split()) <= 60] or list(range(1, len(paras)))
        if body and len(paras) > 3:
            del paras[rnd.choice(body)]
    elif op == "space":
        paras = ["  ".join(p.split(" ")).replace(". ", ".\u00a0\n", 1) for p in paras]
    elif op == "nfd":
        paras = [unicodedata.normalize("NFD", p) for p in paras]
    return paras


EDITS = ("prefix", "caption", "add", "cut", "space", "nfd")


# --- corpus ------------------------------------------------------------------------------------


def generate_corpus(size: int, seed: int = 1, *, dup_share: float = 0.2, family_share: float = 0.1) -> list[dict]:
    """About ``size`` articles (exactly ``size``, trimmed), ``truth`` = planted cluster number."""
    gen = Generator(seed)
    rnd = gen.rnd
    start = datetime.fromisoformat("2019-01-01T06:00:00+07:00")
    out: list[dict] = []
    truth = 0

    def next_url(site: str) -> str:
        return f"https://{site}.example.vn/bai-{len(out)}-{rnd.randrange(10**6)}.html"

    # Families that must not link: monthly bulletins and same-subject yearly reviews.
    family_target = int(size * family_share)
    while len(out) < family_target:
        if rnd.random() < 0.6:
            out.extend(_bulletins(gen, start, next_url, truth))
            truth = out[-1]["truth"] + 1
        else:
            out.extend(_reviews(gen, start, next_url, truth))
            truth = out[-1]["truth"] + 1
    # Originals, some with planted near-duplicate copies on other sites.
    while len(out) < size:
        site = rnd.choice(SITES)
        prefix = rnd.choice(PREFIXES)
        words = int(min(800, max(150, rnd.lognormvariate(5.95, 0.4))))
        paras = gen.body(words)
        paras[0] = prefix + paras[0]
        title = gen.sentence(6, 12)[:-1]
        published = gen.moment(start, 6 * 365)
        out.append(_article(next_url(site), site, title, paras, published, truth))
        if rnd.random() < dup_share / (1 - dup_share) * 0.8:
            for _ in range(rnd.choice((1, 1, 1, 2, 3))):
                ops = rnd.sample(EDITS, rnd.choice((1, 1, 2)))
                copy = paras
                for op in ops:
                    copy = _edit(gen, copy, op)
                other = rnd.choice([s for s in SITES if s != site])
                later = published + timedelta(minutes=rnd.randrange(10, 3 * 24 * 60))
                out.append(_article(next_url(other), other, title, copy, later, truth))
        truth += 1
    return out[:size]


def _bulletins(gen: Generator, start: datetime, next_url, truth: int) -> list[dict]:
    """One office's monthly bulletin: fixed template sentences, new figures every month."""
    rnd = gen.rnd
    topic = rnd.choice(BULLETIN_TOPICS)
    place = rnd.choice(PLACES)
    site = rnd.choice(SITES)
    # Template sentences: free text with numeric slots every 7-14 words.
    template = []
    for _ in range(rnd.randint(6, 14)):
        words = gen.sentence(10, 26)[:-1].split(" ")
        gap = rnd.randint(7, 14)
        template.append([w if (i + 1) % gap else "{n}" for i, w in enumerate(words)])
    months = rnd.randint(12, 48)
    first = start + timedelta(days=rnd.randrange(365))
    out = []
    for m in range(months):
        day = first + timedelta(days=30 * m)
        paras, para = [], []
        paras.append(f"Tháng {day.month}/{day.year}, {topic} trên địa bàn {place} có nhiều chuyển biến.")
        for sentence in template:
            para.append(" ".join(gen.number() if w == "{n}" else w for w in sentence) + ".")
            if rnd.random() < 0.3:
                para.append(gen.sentence())  # this month's own remark
            if len(para) >= 3:
                paras.append(" ".join(para))
                para = []
        if para:
            paras.append(" ".join(para))
        title = f"{topic.capitalize()} tháng {day.month}/{day.year}"
        out.append({**_article(next_url(site), site, title, paras, day, truth + m), "family": f"bulletin-{truth}"})
    return out


def _reviews(gen: Generator, start: datetime, next_url, truth: int) -> list[dict]:
    """Year-end reviews of one office in consecutive years: same subject, stock sentences, other text."""
    rnd = gen.rnd
    office = rnd.choice(PHRASES[4:15])
    site = rnd.choice(SITES)
    stock = [gen.sentence() for _ in range(4)]
    out = []
    for k in range(rnd.randint(2, 4)):
        year = 2019 + k
        paras = [f"{rnd.choice(PREFIXES)}Ngày {rnd.randint(5, 25)}-1-{year + 1}, {office} tổ chức hội nghị "
                 f"tổng kết công tác năm {year} và triển khai nhiệm vụ năm {year + 1}. {stock[0]}"]
        paras += gen.body(rnd.randint(200, 550))
        paras.insert(2, " ".join(stock[1:3]))
        paras.append(f"Tiếp tục phát huy những kết quả đã đạt được, năm {year + 1}, {office} {stock[3]}")
        title = f"{office} tổng kết hoạt động năm {year}"
        day = datetime.fromisoformat(f"{year + 1}-01-{rnd.randint(10, 25)}T08:00:00+07:00")
        out.append({**_article(next_url(site), site, title, paras, day, truth + k), "family": f"review-{truth}"})
    return out
