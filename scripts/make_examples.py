"""Write the bundled example pages (examples/pages/) — deterministic, committed with its output.

The articles are invented for xietong (companies, people and numbers are fictitious; the
counties are real).  They follow a few projects through their stages (签约 → 开工 → 投产),
reprint one press release on two sites, and carry every kind of noise the normalizer must
handle: breadcrumbs, click/share counters, related-news blocks, footers, photo captions,
来源/作者/责任编辑 lines, traditional characters, pinyin glosses from a bad converter
(產(chǎn)業(yè)) and GBK mojibake shifted by one byte.  Formats: UTF-8 and GBK .txt, HTML
declared gb2312 and Big5, a JSONL feed and a gzipped WARC written with warcio.

Usage: .venv/bin/python scripts/make_examples.py [OUT_DIR]
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import opencc
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).resolve().parents[1] / "examples" / "pages"

_S2T = opencc.OpenCC("s2t")
_S2TW = opencc.OpenCC("s2tw")      # Taiwan standard forms (為, not 爲): what Big5 holds

# Pinyin a bad converter appended after each converted character.
GLOSSES = {
    "产": "chǎn", "业": "yè", "发": "fā", "协": "xié", "区": "qū", "项": "xiàng",
    "设": "shè", "资": "zī", "县": "xiàn", "环": "huán", "当": "dāng", "数": "shù",
    "据": "jù", "云": "yún", "电": "diàn", "计": "jì", "经": "jīng", "济": "jì",
    "开": "kāi", "动": "dòng", "运": "yùn", "营": "yíng", "务": "wù", "优": "yōu",
    "储": "chǔ", "实": "shí", "现": "xiàn", "标": "biāo", "机": "jī", "绿": "lǜ",
}

FOOTER_A = (
    "关于我们 | 联系我们 | 网站地图 | 免责声明\n"
    "版权所有：固安融媒体中心　未经授权不得转载\n"
    "联系电话：0316-5xx1234　邮箱：news@example-guan.cn\n"
    "冀ICP备12345678号-1　冀公网安备 13102202000123号"
)


def s2t(text: str) -> str:
    """Simplified → traditional (OpenCC, phrase level)."""
    return str(_S2T.convert(text))


def glossed(text: str) -> str:
    """Traditional text with pinyin after converted characters, as a bad converter writes it."""
    trad = s2t(text)
    if len(trad) != len(text):           # phrase conversion changed the length: per character
        trad = "".join(s2t(ch) for ch in text)
    out = []
    for simp, tch in zip(text, trad, strict=True):
        out.append(tch + (f"({GLOSSES[simp]})" if simp in GLOSSES and tch != simp else ""))
    return "".join(out)


def gbk_shifted(text: str) -> str:
    """GBK mojibake: encode as GBK, lose the first byte, decode the rest as GBK again."""
    data = text.encode("gbk")[1:]
    return data.decode("gbk", errors="replace").replace("\ufffd", "?")


# --- the articles ----------------------------------------------------------------------------

A1_GUAN_SIGNED = f"""首页 > 新闻中心 > 京津冀协同 > 产业对接
当前位置：首页 > 京津冀协同 > 正文
北京星航智造科技有限公司智能装备产业园项目落户固安
来源：固安融媒体中心　作者：李晓燕　发布时间：2024-01-10 09:32　点击：次
分享到：微信 微博 QQ空间

去年底，北京星航智造科技有限公司与固安县人民政府正式签约，计划投资15亿元，在固安经济开发区建设星航智能装备产业园项目。

据介绍，该项目占地约320亩，主要建设工业机器人减速器、伺服电机和智能产线集成三大板块，全部达产后预计年产值可达28亿元，年纳税1.6亿元，可带动就业1200余人。

近年来，固安县主动承接北京非首都功能疏解，围绕新一代信息技术、高端装备制造等产业精准招商。县投资促进局负责人表示，将成立项目服务专班，推动项目尽快开工建设。

北京星航智造科技有限公司成立于2016年，是一家专注于精密传动部件研发的高新技术企业，在北京亦庄设有研发中心。

相关新闻：
· 固安县召开2024年重点项目谋划推进会
· 廊坊市一季度京津项目签约额同比增长
· 固安经济开发区获评省级特色产业集群

责任编辑：赵明
{FOOTER_A}
"""

A2_GUAN_STARTED_HTML = """<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>星航智能装备产业园项目开工 - 廊坊新闻网</title>
</head>
<body>
<div class="nav">首页 &gt; 县区动态 &gt; 固安</div>
<div class="article">
<h1>星航智能装备产业园项目开工</h1>
<div class="info">2024-05-20 16:05　来源：廊坊新闻网　记者 王立新 通讯员 孙婷</div>
<p>5月18日，北京星航智造科技有限公司投资建设的星航智能装备产业园项目在固安经济开发区开工。</p>
<p>该项目去年底签约，总投资15亿元，分两期建设。一期工程主要建设3栋生产厂房和1栋研发楼，计划明年6月建成投产。</p>
<p class="caption">图为项目开工现场。　记者 王立新 摄</p>
<p>“从签约到开工只用了不到半年。”星航智造总经理陈建国说，企业把北京的研发留在亦庄，把中试和规模化生产放在固安，两地车程不到一小时。</p>
<p>今年以来，固安县已有11个京津项目开工建设，总投资63.5亿元。</p>
</div>
<div class="editor">责任编辑：刘畅</div>
<div class="footer">
<p>版权所有 廊坊新闻网　联系电话：0316-2xx5678</p>
<p>冀ICP备09876543号</p>
</div>
</body>
</html>
"""

A3_JIZHOU_SIGNED = """衡水新闻网 > 县域经济 > 冀州区
冀州区与北京康润生物医药有限公司签约生物医药产业化基地项目
2023-09-15 10:20:31　来源：衡水日报　作者：张海鹰

本报讯（记者 张海鹰）9月14日，衡水市冀州区与北京康润生物医药有限公司举行项目签约仪式，康润生物医药产业化基地项目正式落户冀州经济开发区。

项目总投资3.8亿元，其中固定资产投资2.9亿元，主要建设原料药及制剂生产车间、质检中心和仓储设施。项目建成后，预计年销售收入6亿元，新增就业岗位400个。

冀州区委主要负责同志表示，将以此次签约为契机，深化与京津医药企业的对接合作，打造承接京津生物医药产业转移的重要承载地。

【打印本页】【关闭窗口】
责任编辑：高雪
主办：衡水日报社　版权所有 未经许可不得复制
"""

A4_BOHAI_PRESS_A = """天津海晟新材料科技有限公司年产5万吨高性能复合材料项目在沧州渤海新区投产
2024-08-08 14:36　来源：沧州渤海新区管委会

8月6日，天津海晟新材料科技有限公司年产5万吨高性能复合材料项目在沧州渤海新区临港经济技术开发区正式投产。

该项目总投资6.5亿元，于2022年10月签约，2023年3月开工建设，主要生产风电叶片用碳纤维复合材料和汽车轻量化部件。项目全面达产后，预计年产值12亿元，可实现利税1.8亿元。

天津海晟新材料科技有限公司董事长周立民表示，选择渤海新区，看中的是这里的港口优势和完善的化工新材料产业链。企业将继续加大在新区的投资，谋划建设二期项目。

近年来，沧州渤海新区坚持把承接京津产业转移作为重要抓手，累计引进京津项目300余个。

相关阅读
渤海新区举行2024年二季度重点项目集中开工活动
沧州港货物吞吐量创同期新高

（责任编辑：马骁）
"""

A5_BOHAI_PRESS_B = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>天津海晟新材料科技有限公司年产5万吨高性能复合材料项目投产_河北产业网</title>
</head>
<body>
<div class="crumb">您现在的位置：河北产业网 &gt; 产业动态 &gt; 新材料</div>
<h1>天津海晟新材料科技有限公司年产5万吨高性能复合材料项目投产</h1>
<div class="meta">发布时间：2024-08-09　来源：沧州渤海新区管委会　点击：1287次　分享到：</div>
<div class="content">
<p>8月6日，天津海晟新材料科技有限公司年产5万吨高性能复合材料项目在沧州渤海新区临港经济技术开发区正式投产。</p>
<p>该项目总投资6.5亿元，于2022年10月签约，2023年3月开工建设，主要生产风电叶片用碳纤维复合材料和汽车轻量化部件。项目全面达产后，预计年产值12亿元，可实现利税1.8亿元。</p>
<p>天津海晟新材料科技有限公司董事长周立民表示，选择渤海新区，看中的是这里的港口优势和完善的化工新材料产业链。企业将继续加大在新区的投资，谋划建设二期项目。</p>
<p>近年来，沧州渤海新区坚持把承接京津产业转移作为重要抓手，累计引进京津项目300余个。</p>
</div>
<div class="related"><h3>相关新闻</h3>
<ul><li>河北新材料产业集群建设观察</li><li>京津冀产业链协同对接活动在津举办</li></ul></div>
<div class="foot">Copyright © 2024 河北产业网 版权所有　联系电话：0311-8xx2468　冀ICP备2024000001号</div>
</body>
</html>
"""

A6_CAOFEIDIAN_STARTED = _S2TW.convert(
    "曹妃甸区氢能装备制造基地项目开工\n"
    "2023-10-26　来源：唐山劳动日报　记者 郭玉洁\n\n"
    "10月25日，北京中科瀚能氢能科技有限公司投资建设的氢能装备制造基地项目在唐山市曹妃甸区开工。\n\n"
    "该项目总投资22亿元，今年3月签约，主要建设电解槽、储氢瓶和加氢设备生产线，"
    "规划年产电解槽500台套。项目一期预计2025年上半年建成投产。\n\n"
    "图为项目开工仪式现场。　记者 郭玉洁 摄\n\n"
    "曹妃甸区相关负责人介绍，依托港口和钢铁产业基础，曹妃甸正加快打造氢能全产业链，"
    "今年以来已引进京津氢能项目6个。\n\n"
    "责任编辑：吴敏\n"
)

A7_ZHANGBEI_PRODUCING = (
    "當前位置：首頁 > 京津冀新聞 > 產業動態 >\n"
    + glossed("北京云峰数据科技有限公司张北云计算数据中心一期投产") + "\n"
    + "來源：未知 日期：2024-09-12 點擊：次\n"
    + glossed(
        "近日，北京云峰数据科技有限公司在张北县投资建设的张北云计算数据中心一期工程正式投产运营。"
    )
    + glossed("该项目于2022年11月签约，总投资40亿元，一期建设标准机柜8000个，使用风电、光伏等绿色电力。")
    + glossed("据悉，与项目配套的张北绿源环")
    + gbk_shifted("保科技有限公")                       # the one-byte GBK shift
    + glossed("司余热回收项目同步推进，")
    + glossed("项目全部建成后，年营业收入预计超过15亿元。")
    + "\n"
)

JSONL = [
    {
        "url": "http://news.example-hengshui.cn/2024/04/kangrun.html",
        "published": "2024-04-22",
        "text": (
            "康润生物医药产业化基地项目在冀州开工\n"
            "来源：衡水晚报　记者 张海鹰\n\n"
            "4月20日，北京康润生物医药有限公司投资3.8亿元的康润生物医药产业化基地项目"
            "在衡水市冀州区冀州经济开发区开工建设。该项目去年9月签约，计划明年底竣工投产。\n\n"
            "冀州区今年计划实施京津合作项目21个，总投资46亿元。\n\n"
            "责任编辑：高雪"
        ),
    },
    {
        "id": "zb-2022-1118",
        "url": "http://www.example-zjk.cn/news/2022/1118/yunfeng.html",
        "published": "2022-11-18",
        "html": (
            "<html><head><title>张北县与北京云峰数据科技有限公司签约数据中心项目</title></head><body>"
            "<div>首页 &gt; 要闻</div><h1>张北县与北京云峰数据科技有限公司签约数据中心项目</h1>"
            "<p>11月17日，张北县与北京云峰数据科技有限公司签署投资协议，"
            "总投资40亿元的张北云计算数据中心项目落户张北县云计算产业园。</p>"
            "<p>项目规划建设标准机柜2万个，分三期实施，一期计划明年开工。</p>"
            "<p>来源：张家口新闻网　编辑：刘佳</p></body></html>"
        ),
    },
    {
        "url": "http://www.example-lf.gov.cn/xwzx/2025/0115/tongji.html",
        "published": "2025-01-15",
        "text": (
            "去年廊坊市承接京津产业项目126个\n"
            "发布日期：2025-01-15　来源：廊坊市发展和改革委员会\n\n"
            "记者从市发改委获悉，2024年廊坊市共承接京津产业转移项目126个，总投资约480亿元，"
            "同比增长12.5%。其中，亿元以上项目58个，已开工项目79个，投产项目41个。\n\n"
            "分县区看，固安县、三河市和香河县承接项目数量居前三位。"
        ),
    },
]

WARC_RECORDS: list[tuple[str, str, str, bytes, str]] = [
    # (url, WARC-Date, HTTP Content-Type, body, record id)
    (
        "http://www.example-ts.cn/html/2025-06/18/content_1234.htm",
        "2025-06-18T08:15:00Z",
        "text/html; charset=GBK",
        """<html><head><title>曹妃甸氢能装备制造基地一期投产</title></head><body>
<div class="pos">当前位置：首页 &gt; 唐山新闻 &gt; 区县</div>
<h1>曹妃甸氢能装备制造基地一期投产</h1>
<div class="src">2025-06-18　来源：唐山劳动日报　作者：郭玉洁　【字号 大 中 小】</div>
<p>6月16日，北京中科瀚能氢能科技有限公司氢能装备制造基地一期在曹妃甸区建成投产，首批碱性电解槽下线。</p>
<p>该项目总投资22亿元，2023年10月开工。一期达产后可年产电解槽300台套，年产值约18亿元。</p>
<p>图为首批电解槽下线现场。 记者 郭玉洁 摄</p>
<div class="xg">相关新闻：<a>唐山加快建设氢能产业示范城市</a></div>
<div class="ft">唐山劳动日报社 版权所有　联系电话：0315-2xx0000　冀ICP备05001234号</div>
</body></html>
""".encode("gbk"),
        "<urn:uuid:7c1e5a3e-1d2b-4c41-9a1e-000000000001>",
    ),
    (
        "http://www.example-sanhe.gov.cn/zwgk/2024/0311/lenglian.html",
        "2024-03-12T02:40:00Z",
        "text/html",
        """<!DOCTYPE html><html><head><meta charset="utf-8"><title>三河市签约冷链物流项目</title></head><body>
<div>首页 > 政务公开 > 工作动态</div>
<h1>北京通达冷链物流有限公司冷链物流中心项目签约三河</h1>
<p>发布时间：2024-03-11　来源：三河市商务局　浏览次数：次</p>
<p>3月8日，三河市与北京通达冷链物流有限公司签约，投资8500万元建设冷链物流中心项目，
主要建设冷库2万平方米及配送分拣中心，计划今年7月开工，建成后服务北京东部地区生鲜配送。</p>
<p>（责任编辑：韩雪）</p>
<p>主办单位：三河市人民政府办公室　联系电话：0316-3xx1111　冀ICP备11002233号</p>
</body></html>
""".encode(),
        "<urn:uuid:7c1e5a3e-1d2b-4c41-9a1e-000000000002>",
    ),
    (
        "http://www.example-guan.cn/txt/2025/0325/xinghang.txt",
        "2025-03-26T10:00:00Z",
        "text/plain; charset=utf-8",
        (
            "星航智能装备产业园一期投产\n"
            "2025-03-25　来源：固安融媒体中心\n\n"
            "3月25日，北京星航智造科技有限公司星航智能装备产业园一期在固安经济开发区投产，"
            "首条精密减速器生产线正式运行。该项目总投资15亿元，2023年底签约，2024年5月开工。\n"
        ).encode(),
        "<urn:uuid:7c1e5a3e-1d2b-4c41-9a1e-000000000003>",
    ),
]


def write_warc(path: Path) -> None:
    """Three response records (GBK HTML with an HTTP charset, UTF-8 HTML, plain text)."""
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for url, date, ctype, body, rid in WARC_RECORDS:
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype),
                                               ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http,
                warc_headers_dict={"WARC-Record-ID": rid, "WARC-Date": date},
            )
            writer.write_record(rec)


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        "01-guan-signed.txt": A1_GUAN_SIGNED.encode("utf-8"),
        "02-guan-started.html": A2_GUAN_STARTED_HTML.encode("gbk"),
        "03-jizhou-signed-gbk.txt": A3_JIZHOU_SIGNED.encode("gbk"),
        "04-bohai-press.txt": A4_BOHAI_PRESS_A.encode("utf-8"),
        "05-bohai-press-reprint.html": A5_BOHAI_PRESS_B.encode("utf-8"),
        "06-caofeidian-started-big5.html": (
            '<html><head><meta charset="big5"><title>曹妃甸區氫能裝備製造基地項目開工</title></head>'
            "<body><div>首頁 &gt; 新聞 &gt; 區縣</div><pre>\n" + A6_CAOFEIDIAN_STARTED
            + "</pre><div>版權所有 唐山勞動日報　聯繫電話：0315-2xx0000</div></body></html>\n"
        ).encode("cp950"),
        "07-zhangbei-producing.txt": A7_ZHANGBEI_PRODUCING.encode("utf-8"),
        "08-feed.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in JSONL).encode(),
    }
    for name, data in files.items():
        (out / name).write_bytes(data)
    write_warc(out / "09-crawl.warc.gz")
    print(f"wrote {len(files) + 1} files to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
