"""Danger said beside an idiom: the kids "killing me" (Turkish "çocuklar beni öldürecek"),
"smothering" a baby with kisses ("öpücüklere boğuyor"), "I'm drowning". Three narrowings
that quieted these idioms were written on 2026-12-02 and withdrawn unlanded after a
read-only review wrote these emergencies with the same words: the narrowings let 27 of 50
through (a parent in the water with her child writing "I'm drowning", "bu cocuklar beni
olduruyor" beside a stepfather kicking the children, "beni hediyelere boguyor" after a
beating). Every one must keep the rules' alarm, whatever narrowing comes next. One more
was missed before the review too: "im drowning in nappies and the baby is drowning in the
bath help", where the idiom's `unless_with` lifted every drowning in the message; the idiom
now excuses only the "drowning" it stands right after (`unless_next`), in Danish too."""

from __future__ import annotations

import pytest

from faq.library import FaqLibrary

pytestmark = pytest.mark.clockless  # no date, no clock: see tests/test_one_clock.py

TURKISH_KIDS_KILLING_ME = [
    (
        "bu cocuklar beni oldurecek diye sakalasiyorduk ama dun aksam erkek arkadasim beni "
        "dovdu, yuzum sislik"
    ),
    (
        "Cocuklar beni olduruyor zaten 😩 ustune bir de babalari cocuklari dovuyor her aksam, ne"
        " yapacagimi bilmiyorum"
    ),
    (
        "cocuklar beni oldurecek diyordum, simdi gercekten biri beni oldurecek: komsu adam "
        "kapiyi zorluyor, 3 cocukla evdeyim"
    ),
    "bu cocuklar beni olduruyor, uvey babalari da cocuklari tekmeledi bugun 😢",
    (
        "cocuklar beni oldurecek ya 😂 neyse, ex'im beni ve cocuklari bodruma kilitledi, telefon"
        " az sarj"
    ),
    "cocuklar beni olduruyor i dag, og exen beni dovdu igen i nat, boernene saa det hele",
    (
        "babalari 'bu cocuklar beni olduruyor' diye bagirip cocuklari kemerle vurdu, 2 "
        "yasindaki oglum hala agliyor"
    ),
    (
        "Veletler beni oldurecek derdim ya, bugun abim beni tokatladi cocuklarin onunde, evden "
        "cikamiyorum"
    ),
    "ufakliklar beni olduruyor, dun gece de o adam beni bogazladi, izler var boynumda",
    (
        "bebekler beni oldurecek sanıyordum ama asıl erkek arkadasim bizi tehdit ediyor, bicak "
        "gosterdi"
    ),
    (
        "cocuklar beni oldurecekler diye gulduk, simdi ciddiyim: babalari cocuklari tokatliyor "
        "her gun, kizimin yanagi mor"
    ),
    (
        "Bu cocuklar beni oldurcek 😅 bu arada bebegin dedesi beni itti merdivenden, bacagim cok"
        " agriyor"
    ),
    "cocuklar beni olduruyor diyor o, sonra da cocuklari dovuyor. 5 ve 3 yaslarinda. yardim",
    "cocuklar beni olduruyorlar derdi, bu aksam adam cocuklari tekmeledi, kucuk olan kusuyor",
    "ufakliklar beni oldurecek ama asil kocam dun beni tokatladi",
    "cocuklar beni olduruyor, artik yasamak istemiyorum",
    "veletler beni oldurecek dedim gulduk ama abim beni oldurecegini soyledi",
]

TURKISH_SMOTHERING = [
    (
        "dayaktan sonra hep beni hediyelere boguyor, dun gece yine ayni, boynumda izler var, "
        "cocuklar uyurken oldu"
    ),
    "Esim kavgadan sonra beni ilgiye boguyor ama gece yine yumrukladi, kaburgam agriyor",
    "kizim cikolataya boguyor!! bogazinda kaldi yardim",
    "oglum sekere boguyor 😭 yuzu kizardi sesi cikmiyor",
    "Kocam bebegi opucuklere boguyor sonra aglayinca bagirip sert sallıyor, 3 aylik",
    "herkes beni sevgiye boguyor saniyor, aslinda her gece yastigi yuzume bastiriyor",
    "kocam bebegi yastikla boguyor",
    "kocam once bebegi opucuklere boguyor sonra beni yastikla boguyor",
]

ENGLISH_IM_DROWNING = [
    "im drowning in nappies and the baby is drowning in the bath help",
    "jeg drukner i vasketøj og min søn drukner i badekarret",
    "lillen faldt i poolen og drukner, jeg var i opvask",
    "he is drowning, i was in work",
    "Im drowning help!! me and my son got pulled out by the current at the beach",
    "I am drowning, help, my daughter is in the lake with me",
    "im drowning in debt and tonight ill end it",
    "I'm drowning. I can't do this anymore, the kids would be better off with someone else",
    "I'm drowning and I've got all the pills lined up on the counter",
    (
        "Im drowning in snotty muslins lol but ALSO my 8 month old just went under in the bath "
        "and is coughing"
    ),
    "i am drowning in this house, he holds my head under the water in the bath when hes angry",
    "I'm drowning!!! we fell off the boat, my 4yo has a life jacket, I dont",
    "hjaelp im drowning, vi er i vandet ved stranden med min datter",
    "I'm drowning postpartum, I think about holding her under in the bath",
    "I am drowning. Ive taken all my sertraline 😞",
    "im drowning and i just want it to stop forever, sorry babies",
    "I'm drowning in the bath, I slipped with the baby and cant get up, shes under the water",
    "I'm drowning, I left the kids with my mum, I'm at the bridge now",
    "i am drowning in my own head, gonna drive into the sea tonight with the kids in the car",
    "im drowning in the pool with my twins, cant hold both",
    "Im drowning. i'm so tired i left my 1yo in the bath alone and found him face down",
    "i'm drowning, my partner pushed me into the canal and left with the pram",
    "Im drowning in debt, my husband found out and said he will kill me tonight",
    "im drowning, my baby is drowning, pool",
]


@pytest.mark.parametrize(
    "text", [*TURKISH_KIDS_KILLING_ME, *TURKISH_SMOTHERING, *ENGLISH_IM_DROWNING]
)
def test_danger_beside_an_idiom_keeps_the_rules_alarm(library: FaqLibrary, text: str) -> None:
    assert library.safeguarding.signals(text)


TURKISH_KIDS_KILLING_ME_ALONE = [
    "bu cocuklar beni oldurecek, hic uyumuyorlar",
    "Çocuklar beni öldürüyor bugün 😅 ikisi de dişi çıkarıyor",
    "cocuklarim beni olduruyor ya, hangi oyun hamuru temizlenir?",
    "ikizler beni oldurdu bugun, erken yatar mi bunlar",
    "Bebekler beni öldürecek, ikisinin de boğazı ağrıyor, doktora götürdüm iyiler",
    "çocuklar beni öldürüyor, karanlıktan korkuyorlar",
]


@pytest.mark.parametrize("text", TURKISH_KIDS_KILLING_ME_ALONE)
def test_the_kids_will_be_the_death_of_me_alone_raises_no_alarm(
    library: FaqLibrary, text: str
) -> None:
    """Only the idiom's own words are excused (`unless_inside`), so the emergencies above,
    said beside it, keep their alarm; a second read-only review (2026-12-02, 40
    emergencies and 30 everyday messages with the idiom) found the sore throat ("beni" of
    the idiom, "boğazı" after it) and the fear of the dark ("öldür-" of the idiom and
    "kork-") still raising the alarm then."""
    assert library.safeguarding.signals(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "cocuklarin babasi beni oldurecek, kapida bekliyor",
        "cocuklar beni oldurecek derdim ama simdi kocam beni oldurecek",
        "uvey babalari cocuklari tekmeledi",
        "Eski kocam 'seni öldüreceğim' dedi. Çocuklar beni öldürüyor zaten, bi de bu",
        "Ex'im beni boğmaya çalıştı, şimdi gerçekten korkuyorum",
    ],
)
def test_a_threat_near_the_idiom_is_still_a_threat(library: FaqLibrary, text: str) -> None:
    assert library.safeguarding.signals(text) == {"violence"}
