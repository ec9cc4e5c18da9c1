"""The Qt binding itself: a guard against a PySide6 release that breaks long sessions."""

import sys

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter


def test_calls_that_return_nothing_keep_none_alive(qapp):
    # PySide6 6.12.0 on Python 3.11 dropped one reference to None per such call; a window
    # painting for a minute then aborted with "deallocating None" (pyproject pins it out).
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(5000):
        painter.save()
        painter.fillRect(QRectF(0, 0, 8, 8), QColor("#222222"))
        painter.restore()
    after = sys.getrefcount(None)
    painter.end()
    assert after - before > -100
