"""jurex: jurisdiction and extradition reasoning under the OPSC (2000) and CRC/C/156 (2019).

The law lives in the ASP rules (`logic/`); this package validates case files, encodes them as clingo
symbols, solves, and decodes the answer. Import what you need from the submodules; nothing heavy is
imported here, so that the command line starts fast.
"""

__version__ = "0.1.0"
