"""Joining: invite codes, deep links and QR codes, and what accepting one does."""
