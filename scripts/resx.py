#!/usr/bin/env python3
"""Writes a pair of .resx files (neutral English + one translation) from a small Python table.

Usage from another script:  from resx import write_pair;  write_pair("Path/XxxStrings", [(key, en, ko), ...])
Editing the .resx files by hand is just as fine; this only saves typing the XML.
"""
from xml.sax.saxutils import escape

HEAD = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
'''


def write(path, items):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(HEAD)
        for key, value in items:
            f.write(f'  <data name="{escape(key, {chr(34): "&quot;"})}" xml:space="preserve"><value>{escape(value)}</value></data>\n')
        f.write('</root>\n')


def write_pair(base, rows, translation='ko'):
    """rows: (key, english, translation or None); a None translation is written only to the English file."""
    write(base + '.resx', [(k, en) for k, en, _ in rows if en is not None])
    write(base + f'.{translation}.resx', [(k, tr) for k, _, tr in rows if tr is not None])
