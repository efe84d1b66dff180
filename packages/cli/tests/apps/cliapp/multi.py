from tumbler import App

first = App("first")
second = App("second")
