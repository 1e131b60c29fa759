"""habitnet: networking as a sustainable daily habit, in the terminal."""

__version__ = "0.1.0"
