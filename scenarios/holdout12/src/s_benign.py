"""benign"""
